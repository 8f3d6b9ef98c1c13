package dev.palisade.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakSessionTask;
import org.keycloak.models.KeycloakUriInfo;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserLoginFailureProvider;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

class SerialBruteForceProtectorTest {

  private static final String USER_ID = "user-1";
  private static final String LOGIN_FORM = "/realms/acme/login-actions/authenticate";
  private static final String TOKEN_ENDPOINT = "/realms/acme/protocol/openid-connect/token";
  private static final String ADMIN_LOCKOUT_STATUS =
      "/admin/realms/acme/attack-detection/brute-force/users/user-1";

  private final RealmModel realm = mock(RealmModel.class);
  private final UserModel user = mock(UserModel.class);
  private final List<String> events = new ArrayList<>();
  private final List<KeycloakSessionTask> counted = new ArrayList<>();
  /** The cluster-wide store every request sees, as on different nodes. */
  private final Set<String> storedTurns = ConcurrentHashMap.newKeySet();
  private final SingleUseObjectProvider store = mock(SingleUseObjectProvider.class);
  private final SerialBruteForceProtector protector = new SerialBruteForceProtector(
      mock(KeycloakSessionFactory.class), task -> {
        events.add("count while another attempt is "
            + (refused(signIn("observer")) ? "refused" : "let through"));
        counted.add(task);
      });

  SerialBruteForceProtectorTest() {
    when(user.getId()).thenReturn(USER_ID);
    when(store.putIfAbsent(anyString(), anyLong()))
        .thenAnswer(i -> storedTurns.add(i.getArgument(0)));
    when(store.remove(anyString()))
        .thenAnswer(i -> storedTurns.remove(i.<String>getArgument(0)) ? Map.of() : null);
  }

  @Test
  void aTurnIsHeldInTheClusterWideStoreWithALifespanAndGivenBack() {
    Request first = signIn("first");
    refused(first);

    verify(store).putIfAbsent(anyString(), eq(SignInTurns.LIFESPAN_SECONDS));
    assertThat(storedTurns).hasSize(1);
    first.end(true);
    assertThat(storedTurns).isEmpty();
  }

  @Test
  void anAttemptIsRefusedWhenTheStoreFails() {
    when(store.putIfAbsent(anyString(), anyLong())).thenThrow(new IllegalStateException("down"));

    assertThat(refused(signIn("first"))).isTrue();
  }

  @Test
  void aSecondAttemptIsRefusedWhileTheFirstHoldsTheTurn() {
    Request first = signIn("first");
    Request second = signIn("second");

    assertThat(refused(first)).isFalse();
    assertThat(refused(second)).as("parallel attempt").isTrue();
    assertThat(refused(first)).as("the holder checks again").isFalse();

    first.end(true);

    assertThat(refused(second)).as("after the first attempt's request ended").isFalse();
  }

  /** Authenticators hold Keycloak's request-scoped session proxy: one object for all requests. */
  @Test
  void requestsSeenThroughOneSharedSessionProxyStillTakeTurns() {
    Request first = signIn("first");
    Request second = signIn("second");
    Request[] current = {first};
    KeycloakSession proxy = mock(KeycloakSession.class, i -> i.getMethod()
        .invoke(current[0].session, i.getArguments()));

    assertThat(protector.isTemporarilyDisabled(proxy, realm, user)).isFalse();
    current[0] = second;
    assertThat(protector.isTemporarilyDisabled(proxy, realm, user)).as("parallel attempt")
        .isTrue();

    first.end(true);

    assertThat(protector.isTemporarilyDisabled(proxy, realm, user)).isFalse();
  }

  @Test
  void theCountIsWrittenBeforeTheTurnIsGivenBack() {
    Request first = signIn("first");
    refused(first);
    protector.countAtRequestEnd(first.session, "realm-1", USER_ID, "10.0.0.1", false,
        Set.of("otp"));
    assertThat(counted).as("nothing counted while the request runs").isEmpty();

    first.end(true);

    assertThat(counted).hasSize(1);
    assertThat(events).containsExactly("count while another attempt is refused");
    assertThat(refused(signIn("next"))).isFalse();
  }

  @Test
  void aRolledBackRequestIsCountedAndGivesTheTurnBack() {
    Request first = signIn("first");
    refused(first);
    protector.countAtRequestEnd(first.session, "realm-1", USER_ID, "10.0.0.1", false,
        Set.of("password"));

    first.end(false);

    assertThat(counted).hasSize(1);
    assertThat(refused(signIn("next"))).isFalse();
  }

  @Test
  void aCountWithoutAnEarlierCheckStillHoldsTheTurnUntilItIsWritten() {
    Request first = signIn("first");
    protector.countAtRequestEnd(first.session, "realm-1", USER_ID, "10.0.0.1", true,
        Set.of("otp"));

    assertThat(refused(signIn("parallel"))).isTrue();
    first.end(true);
    assertThat(events).containsExactly("count while another attempt is refused");
  }

  @Test
  void aCountThatFailsStillGivesTheTurnBack() {
    SerialBruteForceProtector failing = new SerialBruteForceProtector(
        mock(KeycloakSessionFactory.class), task -> {
          throw new IllegalStateException("cache down");
        });
    Request first = signIn("first");
    failing.isTemporarilyDisabled(first.session, realm, user);
    failing.countAtRequestEnd(first.session, "realm-1", USER_ID, "10.0.0.1", false,
        Set.of("password"));

    first.end(true);

    assertThat(failing.isTemporarilyDisabled(signIn("next").session, realm, user)).isFalse();
  }

  /** A direct grant runs its flow with no authentication session in the context. */
  @Test
  void aDirectGrantTakesTurnsToo() {
    Request first = request("first", false, TOKEN_ENDPOINT);
    Request second = request("second", false, TOKEN_ENDPOINT);

    assertThat(refused(first)).isFalse();
    assertThat(refused(second)).as("parallel direct grant").isTrue();
  }

  @Test
  void theLockoutIsReadOnlyOnceTheTurnIsHeld() {
    Request attempt = signIn("attempt");
    UserLoginFailureProvider failures = attempt.session.loginFailures();

    protector.isPermanentlyLockedOut(attempt.session, realm, user);
    refused(attempt);

    InOrder order = inOrder(store, failures);
    order.verify(store).putIfAbsent(anyString(), anyLong());
    order.verify(failures, atLeastOnce()).getUserLoginFailure(realm, USER_ID);
  }

  @Test
  void anAttemptWaitingForTheTurnIsNotCalledPermanentlyLockedOut() {
    Request first = signIn("first");
    Request second = signIn("second");
    refused(first);

    assertThat(protector.isPermanentlyLockedOut(second.session, realm, user)).isFalse();
    assertThat(refused(second)).as("refused as in progress").isTrue();
  }

  @Test
  void readingTheStatusOutsideASignInTakesNoTurn() {
    Request admin = request("admin", false, ADMIN_LOCKOUT_STATUS);
    Request first = signIn("first");

    assertThat(refused(admin)).isFalse();
    assertThat(refused(first)).isFalse();
    assertThat(refused(admin)).as("the admin is not refused, nor holds anything").isFalse();
  }

  private boolean refused(Request request) {
    return protector.isTemporarilyDisabled(request.session, realm, user);
  }

  private Request signIn(String name) {
    return request(name, true, LOGIN_FORM);
  }

  /** A request's session: its context, attributes and after-completion transactions. */
  private Request request(String name, boolean withAuthenticationSession, String path) {
    KeycloakSession session = mock(KeycloakSession.class, name);
    KeycloakContext context = mock(KeycloakContext.class);
    KeycloakTransactionManager transactions = mock(KeycloakTransactionManager.class);
    UserLoginFailureProvider failures = mock(UserLoginFailureProvider.class);
    Request request = new Request(session);
    when(session.getContext()).thenReturn(context);
    when(session.getTransactionManager()).thenReturn(transactions);
    when(session.loginFailures()).thenReturn(failures);
    when(session.singleUseObjects()).thenReturn(store);
    when(context.getAuthenticationSession())
        .thenReturn(withAuthenticationSession ? mock(AuthenticationSessionModel.class) : null);
    KeycloakUriInfo uri = mock(KeycloakUriInfo.class);
    when(context.getUri()).thenReturn(uri);
    when(uri.getRequestUri()).thenReturn(URI.create("https://id.example.com" + path));
    when(transactions.isActive()).thenAnswer(i -> !request.ended);
    doAnswer(i -> {
      KeycloakTransaction transaction = i.getArgument(0);
      transaction.begin();
      request.afterCompletion.add(transaction);
      return null;
    }).when(transactions).enlistAfterCompletion(any());
    when(session.getAttribute(anyString(), any()))
        .thenAnswer(i -> request.attributes.get(i.<String>getArgument(0)));
    doAnswer(i -> request.attributes.put(i.getArgument(0), i.getArgument(1)))
        .when(session).setAttribute(anyString(), any());
    return request;
  }

  private static final class Request {
    final KeycloakSession session;
    final Map<String, Object> attributes = new HashMap<>();
    final List<KeycloakTransaction> afterCompletion = new ArrayList<>();
    boolean ended;

    Request(KeycloakSession session) {
      this.session = session;
    }

    void end(boolean commit) {
      ended = true;
      afterCompletion.forEach(commit ? KeycloakTransaction::commit : KeycloakTransaction::rollback);
    }
  }
}
