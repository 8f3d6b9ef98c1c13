package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

class AuditListenerFactoryTest {

  private final AuditListenerFactory factory = new AuditListenerFactory();

  @Test
  void isGlobalSoThatNoRealmConfigurationCanRemoveIt() {
    assertThat(factory.isGlobal()).isTrue();
  }

  @Test
  void keepsTheContractProviderId() {
    assertThat(factory.getId()).isEqualTo("palisade-audit");
  }

  @Test
  void reportsItsVersionInServerInfo() {
    assertThat(factory.getOperationalInfo()).containsOnlyKeys("palisade-version");
    assertThat(factory.getOperationalInfo().get("palisade-version")).isNotBlank();
  }

  @Test
  void documentsItsOptionsWithTheirDefaults() {
    assertThat(factory.getConfigMetadata())
        .extracting(ProviderConfigProperty::getName, ProviderConfigProperty::getDefaultValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("seal-interval-millis", 500),
            org.assertj.core.groups.Tuple.tuple("seal-batch-size", 2000),
            org.assertj.core.groups.Tuple.tuple("checkpoint-every", 10_000));
  }
}
