package dev.palisade.audit.stream;

import java.io.IOException;

import org.keycloak.provider.Provider;

/**
 * A receiver of the audit trail. Called from its stream's own thread, never on a request, and
 * never while a database connection is held.
 */
public interface AuditSink extends Provider {

  /**
   * Sends one realm's batch and returns only once the receiver acknowledged it; any failure is
   * an exception, and the stream sends the batch again later.
   */
  void deliver(SinkBatch batch) throws IOException;

  /** Where the sink sends to, for the server log. */
  String destination();

  @Override
  default void close() {
    // Most sinks hold nothing between batches.
  }
}
