package dev.palisade.mfa;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakSessionTask;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.DefaultBruteForceProtector;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Keycloak's brute-force detection with one sign-in attempt per person at a time in the whole
 * cluster, and every attempt counted before its answer leaves the server. docs/mfa.md, "Lockout
 * timing".
 *
 * <p>Keycloak 26.7's own blocking protector also lets one attempt per user run at a time and
 * refuses the others, unchecked, as temporarily locked; but it keeps that turn in the memory of
 * one node, so attempts spread over nodes are checked in parallel, each against a count the
 * others have not raised yet. It also counts each attempt on an executor thread after the
 * request, and that job lets go of the user <em>before</em> its count reaches the login-failures
 * cache (both happen after its transaction, the release first). An attempt arriving in between is
 * checked against the old count. And an answer can reach the client before its count is
 * recorded, so the client's next attempt may be refused as "in progress".
 *
 * <p>Here an attempt takes the person's turn, through {@link SignInTurns} on every node at once,
 * at its first brute-force check and keeps it until its request ends. At the end of the request,
 * after the request's own transaction, the attempt's failure or success is counted in a
 * transaction of its own (a request that rolls back still counts), and only then is the turn
 * given back. The response goes out after that.
 */
final class SerialBruteForceProtector extends DefaultBruteForceProtector {

  private static final Logger LOG = Logger.getLogger(SerialBruteForceProtector.class);
  private static final String REQUEST_END = SerialBruteForceProtector.class.getName() + ".end";
  /** Where the admin API's paths start; a realm name cannot hold a slash. */
  private static final String ADMIN_API = "/admin/realms/";

  private final Consumer<KeycloakSessionTask> ownTransaction;

  SerialBruteForceProtector(KeycloakSessionFactory factory) {
    this(factory, task -> KeycloakModelUtils.runJobInTransaction(factory, task));
  }

  /** {@code ownTransaction} runs a count in a transaction of its own, on the calling thread. */
  SerialBruteForceProtector(KeycloakSessionFactory factory,
      Consumer<KeycloakSessionTask> ownTransaction) {
    super(factory);
    this.ownTransaction = ownTransaction;
  }

  /**
   * Another attempt of the same person holds the turn, or locked out. The turn comes first and
   * the count is read after: read before, it could miss the count of an attempt that was just
   * ending, whose turn then came back in time for this attempt to take it, and a second
   * password would be checked against a failure factor of one (seen across nodes in CI).
   */
  @Override
  public boolean isTemporarilyDisabled(KeycloakSession session, RealmModel realm,
      UserModel user) {
    return !takeTurn(session, user.getId()) || super.isTemporarilyDisabled(session, realm, user);
  }

  /**
   * Keycloak asks this before {@link #isTemporarilyDisabled}: the turn is taken here already
   * when it is free, so that the count read is final. When another attempt holds it, the
   * answer is left to {@link #isTemporarilyDisabled}, which refuses this one as in progress
   * rather than as a disabled account.
   */
  @Override
  public boolean isPermanentlyLockedOut(KeycloakSession session, RealmModel realm,
      UserModel user) {
    takeTurn(session, user.getId());
    return super.isPermanentlyLockedOut(session, realm, user);
  }

  /**
   * Whether {@code session} may check a credential of {@code userId} now: it holds the turn, or
   * takes it. Only sign-ins take turns; an admin reading the lockout status does not.
   */
  boolean takeTurn(KeycloakSession session, String userId) {
    if (!signingIn(session) || !session.getTransactionManager().isActive()) {
      return true;
    }
    return requestEnd(session).holdsOrTakes(userId);
  }

  /**
   * A sign-in: a login flow with its authentication session, or a direct grant, whose flow runs
   * without one in the context. What is left are the admin API's lockout reads.
   */
  private static boolean signingIn(KeycloakSession session) {
    return session.getContext().getAuthenticationSession() != null
        || !session.getContext().getUri().getRequestUri().getRawPath().contains(ADMIN_API);
  }

  @Override
  protected void processLogin(RealmModel realm, UserModel user, ClientConnection connection,
      UriInfo uriInfo, boolean success, Set<String> categories) {
    KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
    if (session == null || !session.getTransactionManager().isActive()) {
      // Not inside a request: Keycloak's own way, on its executor.
      super.processLogin(realm, user, connection, uriInfo, success, categories);
      return;
    }
    countAtRequestEnd(session, realm.getId(), user.getId(), connection.getRemoteHost(), success,
        categories);
  }

  /** Counts the attempt when {@code session}'s request ends, before the turn is given back. */
  void countAtRequestEnd(KeycloakSession session, String realmId, String userId,
      String remoteHost, boolean success, Set<String> categories) {
    RequestEnd end = requestEnd(session);
    // Counted whether or not the turn is free: a parallel attempt then waits for this count.
    end.holdsOrTakes(userId);
    long time = Time.currentTimeMillis();
    end.count(own -> {
      RealmModel realm = own.realms().getRealm(realmId);
      if (realm == null) {
        return;
      }
      own.getContext().setRealm(realm);
      if (success) {
        success(own, realm, userId, categories);
      } else {
        failure(own, realm, userId, remoteHost, time, categories);
      }
    });
  }

  private RequestEnd requestEnd(KeycloakSession session) {
    RequestEnd end = session.getAttribute(REQUEST_END, RequestEnd.class);
    if (end == null) {
      // The store is taken now: at the request's end, a shared session proxy may point elsewhere.
      end = new RequestEnd(new SignInTurns(session.singleUseObjects()));
      session.getTransactionManager().enlistAfterCompletion(end);
      session.setAttribute(REQUEST_END, end);
    }
    return end;
  }

  /**
   * One request's turns and counts. Runs after the request's transaction, committed or rolled
   * back: first the counts, each in a transaction of its own, then the turns go back.
   */
  private final class RequestEnd extends AbstractKeycloakTransaction {

    private final SignInTurns turns;
    private final Map<String, SignInTurns.Turn> held = new HashMap<>();
    private final List<KeycloakSessionTask> counts = new ArrayList<>();

    RequestEnd(SignInTurns turns) {
      this.turns = turns;
    }

    boolean holdsOrTakes(String userId) {
      if (held.containsKey(userId)) {
        return true;
      }
      SignInTurns.Turn turn = turns.take(userId);
      if (turn == null) {
        return false;
      }
      held.put(userId, turn);
      return true;
    }

    void count(KeycloakSessionTask task) {
      counts.add(task);
    }

    @Override
    protected void commitImpl() {
      end();
    }

    @Override
    protected void rollbackImpl() {
      end();
    }

    private void end() {
      try {
        for (KeycloakSessionTask count : counts) {
          try {
            ownTransaction.accept(count);
          } catch (RuntimeException e) {
            LOG.errorf(e, "A sign-in attempt could not be counted for brute-force detection");
          }
        }
      } finally {
        held.values().forEach(turns::giveBack);
      }
    }
  }
}
