package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;

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
  void acceptsEventsWithOnlyTheFieldsKeycloakAlwaysSets() {
    Event login = new Event();
    login.setType(EventType.LOGIN_ERROR);
    login.setError("invalid_user_credentials");
    AdminEvent admin = new AdminEvent();
    admin.setOperationType(OperationType.UPDATE);

    var listener = factory.create(null);

    assertThatCode(() -> {
      listener.onEvent(login);
      listener.onEvent(admin, true);
    }).doesNotThrowAnyException();
  }
}
