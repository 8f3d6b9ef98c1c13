package dev.palisade.audit.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import dev.palisade.audit.AnchorMismatchReport;
import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.audit.store.AnchorMismatch;
import dev.palisade.audit.store.AuditQuery;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.audit.store.AuditStore.ChainPosition;
import dev.palisade.audit.store.AuditStore.SealedRecord;
import dev.palisade.audit.store.KeyProtection;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * An export's body, produced a page at a time as the client reads it. Each page is read in a
 * short transaction of its own and handed to the client only once that transaction has ended,
 * so a client that reads slowly holds a worker thread and its read permit, never a database
 * connection. It is an {@link InputStream} rather than a {@code StreamingOutput} because
 * Keycloak keeps the request's own session (and the connection it may hold) open until a
 * {@code StreamingOutput} has finished writing; for any other body it ends the request's session
 * first, which also commits the export's own audit record before a byte is sent.
 *
 * <p>The export stops at the chain head read when it began, so a trail that grows meanwhile
 * cannot make it run forever. Closing it, which the server does when the body is written or the
 * client has gone away, gives its permit back.
 */
final class AuditExport extends InputStream {

  /** Records per page and per transaction: about half a megabyte of JSONL. */
  static final int PAGE = 1000;

  private final KeycloakSessionFactory factory;
  private final AuditQuery query;
  private final String realmName;
  private final ExportFormat format;
  private final KeyProtection keyProtection;
  private final ChainPosition end;
  private final ReadLimits.Permit permit;

  private final ByteArrayOutputStream pageBytes = new ByteArrayOutputStream();
  private final Writer pageWriter = new OutputStreamWriter(pageBytes, StandardCharsets.UTF_8);
  private byte[] pending = new byte[0];
  private int pendingAt;
  private boolean begun;
  private boolean finished;
  private ChainPosition lastWritten;

  private AuditExport(KeycloakSessionFactory factory, AuditQuery query, String realmName,
      ExportFormat format, KeyProtection keyProtection, ChainPosition end,
      ReadLimits.Permit permit) {
    this.factory = factory;
    this.query = query;
    this.realmName = realmName;
    this.format = format;
    this.keyProtection = keyProtection;
    this.end = end;
    this.permit = permit;
  }

  /**
   * The export of {@code query} up to the chain head now, holding {@code permit} until it is
   * closed. Should the request's transaction fail after this, the body is never written nor
   * closed: the permit then goes back when that transaction rolls back.
   */
  static AuditExport start(KeycloakSession request, AuditQuery query, String realmName,
      ExportFormat format, KeyProtection keyProtection, ReadLimits.Permit permit) {
    request.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
      @Override
      protected void commitImpl() {
        // The body now owns the permit.
      }

      @Override
      protected void rollbackImpl() {
        permit.close();
      }
    });
    return new AuditExport(request.getKeycloakSessionFactory(), query, realmName, format,
        keyProtection, AuditStore.of(request).head(query.realmId()), permit);
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (pendingAt == pending.length) {
      if (finished) {
        return -1;
      }
      nextPage();
    }
    int count = Math.min(length, pending.length - pendingAt);
    System.arraycopy(pending, pendingAt, into, offset, count);
    pendingAt += count;
    return count;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public void close() {
    permit.close();
  }

  /**
   * The signed checkpoint at {@code covered}, or none when the server refuses to sign because
   * the chain does not extend its last checkpoint: the export then ends without one, which the
   * offline verifier reports, and the refusal is reported like the sealer's.
   */
  private Optional<Checkpoint> covering(ChainPosition covered) {
    try {
      return Optional.of(KeycloakModelUtils.runJobInTransactionWithResult(factory,
          session -> AuditStore.of(session).checkpointAt(query.realmId(), realmName, covered,
              keyProtection)));
    } catch (AnchorMismatch mismatch) {
      AnchorMismatchReport.report(factory, query.realmId(), mismatch);
      return Optional.empty();
    }
  }

  /** Formats the next page; the last one also gets the format's end (JSONL's checkpoint). */
  private void nextPage() throws IOException {
    pageBytes.reset();
    if (!begun) {
      format.begin(pageWriter);
      begun = true;
    }
    long after = lastWritten == null ? 0 : lastWritten.seq();
    List<SealedRecord> page = KeycloakModelUtils.runJobInTransactionWithResult(factory,
        session -> AuditStore.of(session).sealedPage(query, after, end.seq(), PAGE));
    for (SealedRecord record : page) {
      format.record(pageWriter, record);
      lastWritten = new ChainPosition(record.seq(), record.hash());
    }
    if (page.size() < PAGE) {
      ChainPosition covered = lastWritten == null ? end : lastWritten;
      format.end(pageWriter, () -> covering(covered));
      finished = true;
    }
    pageWriter.flush();
    pending = pageBytes.toByteArray();
    pendingAt = 0;
  }
}
