package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
  void marksTheKeyEncryptionSecretAsSecret() {
    assertThat(factory.getConfigMetadata()).filteredOn(p -> p.getName().equals("key-encryption-secret"))
        .singleElement().matches(ProviderConfigProperty::isSecret);
  }

  @Test
  void documentsItsOptionsWithTheirDefaults() {
    assertThat(factory.getConfigMetadata())
        .extracting(ProviderConfigProperty::getName, ProviderConfigProperty::getDefaultValue)
        .contains(
            tuple("seal-interval-millis", 500),
            tuple("seal-batch-size", 2000),
            tuple("checkpoint-every", 10_000),
            tuple("checkpoint-interval-seconds", 3600),
            tuple("key-rotation-days", 0),
            tuple("key-encryption-secret", null));
  }
}
