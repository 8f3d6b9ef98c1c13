package dev.palisade.audit.api;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.palisade.rest.ApiError;
import jakarta.ws.rs.WebApplicationException;

/**
 * How many exports and verifications this node runs at once, per realm and in total. Each one
 * walks a whole trail and an export may last as long as its client takes to read it: without a
 * bound, one tenant could take every worker thread and database connection from the others.
 * The counts are this node's own; a cluster admits up to nodes × each bound.
 */
public final class ReadLimits {

  /** What a refused caller is told to wait: about as long as a mid-sized export runs. */
  static final long RETRY_AFTER_SECONDS = 5;

  private final int perRealm;
  private final int total;
  private final Map<String, Integer> running = new HashMap<>();
  private int runningInTotal;

  public ReadLimits(int perRealm, int total) {
    if (perRealm < 1 || total < 1) {
      throw new IllegalArgumentException(
          "max-concurrent-reads-per-realm and max-concurrent-reads must be positive");
    }
    this.perRealm = perRealm;
    this.total = total;
  }

  /**
   * A permit to run one export or verification of {@code realmId}'s trail.
   *
   * @throws WebApplicationException {@code 429} with {@code Retry-After} when the realm or the
   *     node already runs as many as allowed
   */
  synchronized Permit acquire(String realmId) {
    int realmRunning = running.getOrDefault(realmId, 0);
    if (realmRunning >= perRealm) {
      throw ApiError.tooManyRequests("This realm already has " + perRealm + " audit exports or"
          + " verifications running; retry after the seconds in Retry-After",
          RETRY_AFTER_SECONDS);
    }
    if (runningInTotal >= total) {
      throw ApiError.tooManyRequests("The server already runs " + total + " audit exports or"
          + " verifications; retry after the seconds in Retry-After", RETRY_AFTER_SECONDS);
    }
    running.put(realmId, realmRunning + 1);
    runningInTotal++;
    return new Permit(realmId);
  }

  private synchronized void release(String realmId) {
    // Realms without a running read leave no entry, so thousands of tenants cost nothing here.
    running.computeIfPresent(realmId, (realm, count) -> count == 1 ? null : count - 1);
    runningInTotal--;
  }

  /** One running read. Closing it more than once releases it once. */
  final class Permit implements AutoCloseable {

    private final String realmId;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(String realmId) {
      this.realmId = realmId;
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        release(realmId);
      }
    }
  }
}
