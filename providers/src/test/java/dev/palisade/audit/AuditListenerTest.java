package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.palisade.audit.store.AuditEventEntity;
import dev.palisade.audit.store.StoredValues;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.HttpHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

/**
 * How the listener fails: never into the sign-in whose failure Keycloak is about to count, and
 * never by losing the record.
 */
class AuditListenerTest {

  private static final String EVENT_ID = "5d0c8e9c-1f55-4a48-9d07-0a6b3f3f6d2e";

  private final KeycloakSession session = mock(KeycloakSession.class);
  private final KeycloakSessionFactory factory = mock(KeycloakSessionFactory.class);
  private final EntityManager requestStore = mock(EntityManager.class);
  private final RealmProvider realms = mock(RealmProvider.class);
  /** Sessions the listener opened for transactions of its own, in order, and their stores. */
  private final List<KeycloakSession> apartSessions = new ArrayList<>();
  private final List<EntityManager> apartStores = new ArrayList<>();

  @BeforeEach
  void server() {
    when(session.getKeycloakSessionFactory()).thenReturn(factory);
    JpaConnectionProvider jpa = mock(JpaConnectionProvider.class);
    when(jpa.getEntityManager()).thenReturn(requestStore);
    when(session.getProvider(JpaConnectionProvider.class)).thenReturn(jpa);

    RealmModel realm = mock(RealmModel.class);
    when(realm.getName()).thenReturn("acme");
    when(realms.getRealm("realm-id")).thenReturn(realm);
    when(session.realms()).thenReturn(realms);
    UserModel alice = mock(UserModel.class);
    when(alice.getId()).thenReturn("u1");
    when(alice.getUsername()).thenReturn("alice");
    SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
    when(credentials.getStoredCredentialById(anyString())).thenReturn((CredentialModel) null);
    when(alice.credentialManager()).thenReturn(credentials);
    UserProvider users = mock(UserProvider.class);
    when(users.getUserById(realm, "u1")).thenReturn(alice);
    when(session.users()).thenReturn(users);

    KeycloakContext context = mock(KeycloakContext.class);
    HttpHeaders headers = mock(HttpHeaders.class);
    when(headers.getHeaderString("User-Agent")).thenReturn("A".repeat(2000));
    when(context.getRequestHeaders()).thenReturn(headers);
    when(session.getContext()).thenReturn(context);

    when(factory.create()).thenAnswer(invocation -> {
      KeycloakSession apart = mock(KeycloakSession.class);
      when(apart.getTransactionManager()).thenReturn(mock(KeycloakTransactionManager.class));
      EntityManager store = mock(EntityManager.class);
      JpaConnectionProvider apartJpa = mock(JpaConnectionProvider.class);
      when(apartJpa.getEntityManager()).thenReturn(store);
      when(apart.getProvider(JpaConnectionProvider.class)).thenReturn(apartJpa);
      apartSessions.add(apart);
      apartStores.add(store);
      return apart;
    });
  }

  private static Event event(EventType type, String error) {
    Event event = new Event();
    event.setId(EVENT_ID);
    event.setTime(1_000L);
    event.setType(type);
    event.setError(error);
    event.setRealmId("realm-id");
    event.setUserId("u1");
    event.setClientId("app");
    event.setIpAddress("10.0.0.1");
    event.setDetails(Map.of("username", "alice", "auth_method", "openid-connect"));
    return event;
  }

  private static AuditEventEntity persisted(EntityManager store) {
    var captor = org.mockito.ArgumentCaptor.forClass(Object.class);
    verify(store, org.mockito.Mockito.atLeastOnce()).persist(captor.capture());
    return captor.getAllValues().stream().filter(AuditEventEntity.class::isInstance)
        .map(AuditEventEntity.class::cast).findFirst().orElseThrow();
  }

  @Test
  void aFailedSignInIsRecordedOnATransactionOfItsOwnBoundedToItsColumns() {
    new AuditListener(session).onEvent(event(EventType.LOGIN_ERROR, "invalid_user_credentials"));

    verify(requestStore, never()).persist(any());
    assertThat(apartSessions).hasSize(1);
    AuditEventEntity stored = persisted(apartStores.get(0));
    assertThat(stored.getId()).isEqualTo(EVENT_ID);
    assertThat(stored.getOutcome()).isEqualTo("failure:invalid_user_credentials");
    assertThat(stored.getActorUsername()).isEqualTo("alice");
    assertThat(stored.getUserAgent()).hasSize(1024).endsWith(StoredValues.MARKER);
  }

  @Test
  void aLockoutIsRecordedApartFromTheTransactionThatLocksTheAccount() {
    new AuditListener(session).onEvent(event(EventType.USER_DISABLED_BY_PERMANENT_LOCKOUT, null));

    verify(requestStore, never()).persist(any());
    assertThat(persisted(apartStores.get(0)).getAction())
        .isEqualTo("USER_DISABLED_BY_PERMANENT_LOCKOUT");
  }

  @Test
  void aFailureWhoseRecordCannotBeWrittenLeavesItsMinimalRecordInstead() {
    // The first transaction of its own fails as an insert fails: at commit, when it closes.
    doAnswer(invocation -> {
      KeycloakSession apart = mock(KeycloakSession.class);
      when(apart.getTransactionManager()).thenReturn(mock(KeycloakTransactionManager.class));
      EntityManager store = mock(EntityManager.class);
      JpaConnectionProvider apartJpa = mock(JpaConnectionProvider.class);
      when(apartJpa.getEntityManager()).thenReturn(store);
      when(apart.getProvider(JpaConnectionProvider.class)).thenReturn(apartJpa);
      if (apartSessions.isEmpty()) {
        doThrow(new PersistenceException("value too long: hunter2")).when(apart).close();
      }
      apartSessions.add(apart);
      apartStores.add(store);
      return apart;
    }).when(factory).create();

    assertThatCode(() -> new AuditListener(session).onEvent(
        event(EventType.LOGIN_ERROR, "invalid_user_credentials"))).doesNotThrowAnyException();

    assertThat(apartSessions).hasSize(2);
    AuditEventEntity minimal = persisted(apartStores.get(1));
    assertThat(minimal.getId()).isEqualTo(EVENT_ID);
    assertThat(minimal.getAction()).isEqualTo("LOGIN");
    assertThat(minimal.getOutcome()).isEqualTo("failure:invalid_user_credentials");
    assertThat(minimal.getActorId()).isEqualTo("u1");
    assertThat(minimal.getUserAgent()).isNull();
    assertThat(minimal.getDetailsJson()).contains("\"incomplete\"").contains("\"clientId\":\"app\"");
  }

  @Test
  void aFailureNothingCanBeWrittenForNeverReachesTheSignIn() {
    doThrow(new IllegalStateException("database unavailable")).when(factory).create();

    assertThatCode(() -> new AuditListener(session).onEvent(
        event(EventType.LOGIN_ERROR, "invalid_user_credentials"))).doesNotThrowAnyException();
  }

  @Test
  void aSuccessIsRecordedOnTheActionsOwnTransaction() {
    new AuditListener(session).onEvent(event(EventType.LOGIN, null));

    assertThat(apartSessions).isEmpty();
    assertThat(persisted(requestStore).getOutcome()).isEqualTo("success");
  }

  @Test
  void aRecordThatCannotBeBuiltIsKeptInItsMinimalForm() {
    when(session.realms()).thenThrow(new IllegalStateException("no realm provider"));

    new AuditListener(session).onEvent(event(EventType.LOGIN, null));

    AuditEventEntity minimal = persisted(requestStore);
    assertThat(minimal.getId()).isEqualTo(EVENT_ID);
    assertThat(minimal.getAction()).isEqualTo("LOGIN");
    assertThat(minimal.getDetailsJson()).contains("\"incomplete\"");
  }

  @Test
  void logsTheKindsOfAFailureNeverItsMessages() {
    String causes = AuditListener.causes(new PersistenceException("insert of 'hunter2' failed",
        new SQLException("value 'hunter2' too long", "22001")));

    assertThat(causes).isEqualTo("jakarta.persistence.PersistenceException <- "
        + "java.sql.SQLException (SQL state 22001)");
  }
}
