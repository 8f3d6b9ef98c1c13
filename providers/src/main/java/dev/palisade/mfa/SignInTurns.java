package dev.palisade.mfa;

import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Whose turn it is to have a person's credentials checked, shared by every node of the cluster.
 * Kept in Keycloak's single-use object store, the store that makes an authorization code usable
 * once in the whole cluster: its {@code putIfAbsent} is atomic across nodes (a replicated cache
 * with embedded Infinispan, the remote cache with an external one).
 *
 * <p>A turn lives at most {@link #LIFESPAN_SECONDS}, so a node that dies while holding one locks
 * no one out for longer than that. Giving a turn back removes it only while it cannot have
 * expired yet: past that, the entry may already be another attempt's turn, and it is left to
 * expire on its own.
 */
final class SignInTurns {

  /** Far longer than a sign-in request runs; how long a dead node's turn blocks its person. */
  static final long LIFESPAN_SECONDS = 30;

  /** Clock skew and the store's own expiry granularity, kept clear of when giving back. */
  private static final long MARGIN_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final String KEY_PREFIX = "palisade.sign-in-turn.";
  private static final Logger LOG = Logger.getLogger(SignInTurns.class);

  private final SingleUseObjectProvider store;

  SignInTurns(SingleUseObjectProvider store) {
    this.store = store;
  }

  /** A held turn: whose, and when it was taken. */
  record Turn(String userId, long takenAtNanos) {
  }

  /** The person's turn, or {@code null} while another attempt anywhere in the cluster holds it. */
  Turn take(String userId) {
    try {
      return store.putIfAbsent(KEY_PREFIX + userId, LIFESPAN_SECONDS)
          ? new Turn(userId, System.nanoTime())
          : null;
    } catch (RuntimeException e) {
      // No way to know whether another attempt runs: refuse this one rather than check blind.
      LOG.errorf(e, "The sign-in turn store did not answer; the attempt is refused");
      return null;
    }
  }

  void giveBack(Turn turn) {
    long held = System.nanoTime() - turn.takenAtNanos();
    if (held >= TimeUnit.SECONDS.toNanos(LIFESPAN_SECONDS) - MARGIN_NANOS) {
      LOG.warnf("A sign-in attempt held its turn for %d s; the turn is left to expire",
          TimeUnit.NANOSECONDS.toSeconds(held));
      return;
    }
    try {
      store.remove(KEY_PREFIX + turn.userId());
    } catch (RuntimeException e) {
      // The person waits for the turn to expire; the attempt itself is already counted.
      LOG.errorf(e, "A sign-in turn could not be given back; it expires within %d s",
          LIFESPAN_SECONDS);
    }
  }
}
