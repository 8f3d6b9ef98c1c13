package dev.palisade.mfa;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
 * Keycloak's brute-force detection with one sign-in attempt per person at a time on a node, and
 * every attempt counted before its answer leaves the server. docs/mfa.md, "Lockout timing".
 *
 * <p>Keycloak 26.7's own blocking protector also lets one attempt per user run at a time and
 * refuses the others, unchecked, as temporarily locked; but it counts each attempt on an executor
 * thread after the request, and that job lets go of the user <em>before</em> its count reaches
 * the login-failures cache (both happen after its transaction, the release first). An attempt
 * arriving in between is checked against the old count. And an answer can reach the client
 * before its count is recorded, so the client's next attempt may be refused as "in progress".
 *
 * <p>Here an attempt takes the person's turn at its first brute-force check and keeps it until
 * its request ends. At the end of the request, after the request's own transaction, the
 * attempt's failure or success is counted in a transaction of its own (a request that rolls back
 * still counts), and only then is the turn given back. The response goes out after that.
 */
final class SerialBruteForceProtector extends DefaultBruteForceProtector {

  private static final Logger LOG = Logger.getLogger(SerialBruteForceProtector.class);
  private static final String REQUEST_END = SerialBruteForceProtector.class.getName() + ".end";

  /**
   * Per user id, the request whose turn it is, named by its {@link RequestEnd}: the session an
   * authenticator holds may be a proxy shared by every request, its attributes are not.
   */
  private final ConcurrentMap<String, RequestEnd> turns = new ConcurrentHashMap<>();
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

  /** Locked out, or another attempt of the same person holds the turn. */
  @Override
  public boolean isTemporarilyDisabled(KeycloakSession session, RealmModel realm,
      UserModel user) {
    return super.isTemporarilyDisabled(session, realm, user) || !takeTurn(session, user.getId());
  }

  /**
   * Whether {@code session} may check a credential of {@code userId} now: it holds the turn, or
   * takes it. Only sign-ins take turns; an admin reading the lockout status does not.
   */
  boolean takeTurn(KeycloakSession session, String userId) {
    if (session.getContext().getAuthenticationSession() == null
        || !session.getTransactionManager().isActive()) {
      return true;
    }
    RequestEnd end = requestEnd(session);
    RequestEnd holder = turns.putIfAbsent(userId, end);
    if (holder == null) {
      end.giveBack(userId);
      return true;
    }
    return holder == end;
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
    if (turns.putIfAbsent(userId, end) == null) {
      end.giveBack(userId);
    }
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
      end = new RequestEnd();
      session.getTransactionManager().enlistAfterCompletion(end);
      session.setAttribute(REQUEST_END, end);
    }
    return end;
  }

  /**
   * Runs after the request's transaction, committed or rolled back: first the counts, each in a
   * transaction of its own, then the turns go back.
   */
  private final class RequestEnd extends AbstractKeycloakTransaction {

    private final List<String> held = new ArrayList<>();
    private final List<KeycloakSessionTask> counts = new ArrayList<>();

    void giveBack(String userId) {
      held.add(userId);
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
        held.forEach(userId -> turns.remove(userId, this));
      }
    }
  }
}
