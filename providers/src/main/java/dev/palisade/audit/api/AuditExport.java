package dev.palisade.audit.api;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.AuditStore.ChainPosition;
import dev.palisade.audit.store.KeyProtection;
import jakarta.ws.rs.core.StreamingOutput;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Streams an export. It runs in a session and transaction of its own because the response
 * body is written after the request's own session has ended; it stops at the chain head seen
 * when it began, so a trail that grows meanwhile cannot make it run forever.
 */
final class AuditExport implements StreamingOutput {

  private final KeycloakSessionFactory factory;
  private final AuditQuery query;
  private final String realmName;
  private final ExportFormat format;
  private final KeyProtection keyProtection;

  AuditExport(KeycloakSessionFactory factory, AuditQuery query, String realmName,
      ExportFormat format, KeyProtection keyProtection) {
    this.factory = factory;
    this.query = query;
    this.realmName = realmName;
    this.format = format;
    this.keyProtection = keyProtection;
  }

  @Override
  public void write(OutputStream output) {
    KeycloakModelUtils.runJobInTransaction(factory, session -> {
      AuditStore store = AuditStore.of(session);
      ChainPosition end = store.head(query.realmId());
      Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
      ChainPosition[] last = {null};
      try {
        format.begin(out);
        store.forEachSealed(query, end.seq(), record -> {
          try {
            format.record(out, record);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          last[0] = new ChainPosition(record.seq(), record.hash());
        });
        ChainPosition covered = last[0] == null ? end : last[0];
        format.end(out,
            () -> store.checkpointAt(query.realmId(), realmName, covered, keyProtection));
        out.flush();
      } catch (IOException e) {
        // The client went away mid-stream; nothing to roll back, the export only read.
        throw new UncheckedIOException(e);
      }
    });
  }
}
