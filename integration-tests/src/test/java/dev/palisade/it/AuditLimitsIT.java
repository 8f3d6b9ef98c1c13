package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.testing.AuditApi;
import dev.palisade.testing.BulkRecords;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.OfflineVerifier;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeInstance;
import dev.palisade.testing.PalisadeOnPostgres;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestRealm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/**
 * Exports and verifications are bounded per realm and per node, and an export that a client
 * reads slowly holds no database connection. A production node on a database of its own, with
 * a pool of exactly as many connections as it admits concurrent reads: an export that held a
 * connection while it waited for its client would leave none for anyone else.
 */
class AuditLimitsIT {

  private static final int POOL = 4;
  private static final int PER_REALM = 2;
  private static final int PER_NODE = POOL;
  /** Records per large trail: some 22 MB of JSONL, far more than the sockets between buffer. */
  private static final int LARGE_TRAIL = 40_000;
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestDatabase database;
  private static GenericContainer<?> container;
  private static PalisadeInstance server;
  private static AuditApi audit;
  private static TestRealm large;
  private static TestRealm alsoLarge;
  private static TestRealm small;

  private final List<StalledExport> stalled = new ArrayList<>();

  @BeforeAll
  static void startANodeWithASmallPool() throws Exception {
    database = TestDatabase.load().newDatabase("audit_limits");
    container = PalisadeOnPostgres.productionContainer(database)
        .withEnv("KC_DB_POOL_MAX_SIZE", String.valueOf(POOL))
        .withEnv("KC_SPI_EVENTS_LISTENER__PALISADE_AUDIT__MAX_CONCURRENT_READS_PER_REALM",
            String.valueOf(PER_REALM))
        .withEnv("KC_SPI_EVENTS_LISTENER__PALISADE_AUDIT__MAX_CONCURRENT_READS",
            String.valueOf(PER_NODE));
    container.start();
    server = PalisadeOnPostgres.instanceOf(container);
    audit = new AuditApi(server);
    large = TestRealm.create(server);
    alsoLarge = TestRealm.create(server);
    small = TestRealm.create(server);
    fill(large, LARGE_TRAIL);
    fill(alsoLarge, LARGE_TRAIL);
  }

  @AfterAll
  static void stop() {
    if (container != null) {
      container.stop();
    }
  }

  /** Every stalled client goes away, and the next test starts with every permit free. */
  @AfterEach
  void abortStalledClients() {
    stalled.forEach(StalledExport::abort);
    stalled.clear();
    for (TestRealm realm : List.of(large, alsoLarge, small)) {
      Eventually.until("no read of " + realm.name() + " running", Eventually.PATIENCE,
          () -> verifyStatus(realm), status -> status == 200);
    }
  }

  @Test
  void stalledExportsFillTheNodesBoundHoldNoTransactionAndSignInsAndAdminCallsGoOn()
      throws Exception {
    stall(large, PER_REALM);
    stall(alsoLarge, PER_NODE - PER_REALM);
    Timestamp stalledAt = databaseNow();

    // As many stalled exports as the pool has connections, and the node still works.
    small.createPublicClient("app");
    var member = small.createUserWithTotp("member", PASSWORD);
    Map<String, Object> tokens = SecondFactorSteps.signIn(
        OidcLoginDriver.begin(server, small, "app"), "member", PASSWORD, member.totp())
        .exchangeCode();
    assertThat(tokens).containsKey("access_token");
    small.createUser("added-while-stalled", PASSWORD);
    assertThat(small.resource().users().search("added-while-stalled")).hasSize(1);
    audit.awaitEvents(small.name(), Map.of("action", "USER_CREATE"), list -> list.size() == 2);

    // Still mid-stream: each holds its permit, so the node refuses any further read.
    assertRefused(new StalledExport(small), "The server already runs");
    assertRefused(get(small, "verify"), "The server already runs");
    // A transaction an export held would have begun before they stalled and still be open;
    // the sealer's own come and go.
    Eventually.until("no transaction open since the exports stalled", Eventually.PATIENCE,
        () -> transactionsOpenSince(stalledAt), open -> open.isEmpty());
  }

  @Test
  void overTheRealmsBoundExportsAndVerifiesAre429WithRetryAfterAndAnotherRealmIsServed()
      throws Exception {
    String since = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    stall(large, PER_REALM);

    assertRefused(new StalledExport(large), "This realm already has");
    assertRefused(get(large, "verify"), "This realm already has");

    String export = audit.export(alsoLarge.name(), Map.of());
    assertThat(export.lines().count()).isGreaterThan(LARGE_TRAIL);
    assertThat(audit.verify(alsoLarge.name())).containsEntry("ok", true);
    // Refused reads are no reads: only the two running exports were recorded.
    audit.awaitSealedUpToNow(large.name());
    assertThat(audit.events(large.name(), Map.of("action", "AUDIT_EXPORT", "from", since)))
        .hasSize(PER_REALM);
    assertThat(audit.events(large.name(), Map.of("action", "AUDIT_VERIFY", "from", since)))
        .isEmpty();
  }

  @Test
  void aClientThatGoesAwayMidStreamGivesItsPermitBack() throws Exception {
    stall(large, PER_REALM);
    assertRefused(new StalledExport(large), "This realm already has");

    stalled.remove(0).abort();

    String export = Eventually.until("an export of " + large.name() + " accepted again",
        Eventually.PATIENCE, () -> get(large, "export"), response -> response.status() != 429)
        .body();
    assertThat(export.lines().count()).isGreaterThan(LARGE_TRAIL);
  }

  @Test
  void anExportOfManyPagesIsExactlyTheChainAndVerifiesOffline() throws Exception {
    String export = audit.export(large.name(), Map.of());

    List<Map<String, Object>> lines = export.lines()
        .map(AuditLimitsIT::parse).toList();
    List<Map<String, Object>> records = lines.subList(0, lines.size() - 1);
    Map<String, Object> checkpoint = lines.get(lines.size() - 1);
    assertThat(records).hasSizeGreaterThan(LARGE_TRAIL);
    assertThat(checkpoint).containsEntry("type", "checkpoint")
        .containsEntry("seq", records.size());
    List<String> chain = chainUpTo(large, records.size());
    assertThat(records).extracting(r -> r.get("seq") + " " + r.get("id") + " " + r.get("hash"))
        .containsExactlyElementsOf(chain);
    var offline = OfflineVerifier.verify(export, audit.jwks(large.name()));
    assertThat(offline.exitCode()).as(offline.output()).isZero();

    List<String> csv = audit.export(large.name(), Map.of("format", "csv")).lines().toList();
    assertThat(csv.get(0)).startsWith("seq,id,time,");
    List<String> rows = csv.subList(1, csv.size());
    assertThat(rows).hasSizeGreaterThanOrEqualTo(records.size());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i)).startsWith((i + 1) + ",");
    }
  }

  /** {@code count} exports of {@code realm} that read their first bytes and then stall. */
  private void stall(TestRealm realm, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      StalledExport export = new StalledExport(realm);
      stalled.add(export);
      assertThat(export.status()).as("stalled export %d of %s", i + 1, realm.name())
          .isEqualTo(200);
    }
  }

  private static void assertRefused(StalledExport refused, String why) throws IOException {
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("retry-after")).matches("[1-9][0-9]*");
    assertThat(refused.header("content-type")).startsWith("application/json");
    assertThat(parse(refused.restOfBody()))
        .containsEntry("error", "too_many_requests")
        .hasEntrySatisfying("error_description", d -> assertThat((String) d).startsWith(why));
  }

  private static void assertRefused(Rest.Response refused, String why) {
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json()).containsEntry("error", "too_many_requests")
        .hasEntrySatisfying("error_description", d -> assertThat((String) d).startsWith(why));
  }

  private static int verifyStatus(TestRealm realm) {
    return get(realm, "verify").status();
  }

  private static Rest.Response get(TestRealm realm, String path) {
    return audit.get(realm.name(), path, Map.of(), adminToken());
  }

  private static String adminToken() {
    return server.admin().tokenManager().getAccessTokenString();
  }

  private static Map<String, Object> parse(String json) {
    try {
      return JSON.readValue(json, new TypeReference<>() { });
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /**
   * {@code count} records queued straight into the realm's trail, as many nodes writing at once
   * would leave them, then waited for until the sealer has chained every one.
   */
  private static void fill(TestRealm realm, int count) throws SQLException {
    String realmId = realm.resource().toRepresentation().getId();
    try (Connection db = database.connectAsKeycloak()) {
      BulkRecords.queue(db, realmId, realm.name(), 1, count);
      BulkRecords.awaitChained(db, realmId, Duration.ofMinutes(3));
    }
  }

  /** "seq id hash" of the realm's chain links 1..{@code upTo}, as the database holds them. */
  private static List<String> chainUpTo(TestRealm realm, int upTo) throws SQLException {
    String realmId = realm.resource().toRepresentation().getId();
    List<String> chain = new ArrayList<>();
    try (Connection db = database.connectAsKeycloak();
         PreparedStatement links = db.prepareStatement("select seq, event_id, hash"
             + " from palisade_audit_chain where realm_id = ? and seq <= ? order by seq")) {
      links.setString(1, realmId);
      links.setInt(2, upTo);
      try (ResultSet rows = links.executeQuery()) {
        while (rows.next()) {
          chain.add(rows.getLong(1) + " " + rows.getString(2) + " " + rows.getString(3));
        }
      }
    }
    return chain;
  }

  private static Timestamp databaseNow() throws SQLException {
    try (Connection db = database.connectAsSuperuser();
         ResultSet rows = db.createStatement().executeQuery("select now()")) {
      rows.next();
      return rows.getTimestamp(1);
    }
  }

  /** Sessions of Keycloak's database whose open transaction began before {@code since}. */
  private static List<String> transactionsOpenSince(Timestamp since) {
    try (Connection db = database.connectAsSuperuser();
         PreparedStatement open = db.prepareStatement("select pid || ' ' || state || ': '"
             + " || left(query, 200) from pg_stat_activity where datname = current_database()"
             + " and pid <> pg_backend_pid() and xact_start < ?")) {
      open.setTimestamp(1, since);
      List<String> sessions = new ArrayList<>();
      try (ResultSet rows = open.executeQuery()) {
        while (rows.next()) {
          sessions.add(rows.getString(1));
        }
      }
      return sessions;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An export read by a client that takes its status, headers and first bytes and then reads no
   * more, keeping the connection open. It talks to the container on the Docker bridge, with a
   * small receive buffer, so that no proxy in between reads on its behalf.
   */
  private static final class StalledExport {

    private final Socket socket = new Socket();
    private final InputStream in;
    private final int status;
    private final Map<String, String> headers = new HashMap<>();

    StalledExport(TestRealm realm) throws IOException {
      socket.setReceiveBufferSize(8 * 1024);
      socket.setSoTimeout(60_000);
      String ip = container.getContainerInfo().getNetworkSettings().getNetworks().values()
          .iterator().next().getIpAddress();
      socket.connect(new InetSocketAddress(ip, 8080), 10_000);
      socket.getOutputStream().write(("GET /admin/realms/" + realm.name() + "/audit/export"
          + " HTTP/1.1\r\nHost: " + publicAuthority()
          + "\r\nAuthorization: Bearer " + adminToken() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      in = socket.getInputStream();
      String[] head = readHead().split("\r\n");
      status = Integer.parseInt(head[0].split(" ")[1]);
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            head[i].substring(colon + 1).trim());
      }
      if (status == 200) {
        // The first bytes of the body: the stream has begun.
        if (in.read(new byte[64]) < 0) {
          throw new AssertionError("the export ended at once");
        }
      }
    }

    /**
     * The host and port the admin token was issued for: Keycloak checks the token's issuer
     * against the URL the request names, whichever address it came in on.
     */
    private static String publicAuthority() {
      return container.getHost() + ":" + container.getMappedPort(8080);
    }

    int status() {
      return status;
    }

    String header(String name) {
      return headers.get(name);
    }

    /** What follows the head, for a short answer (the server closes after it). */
    String restOfBody() throws IOException {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      socket.close();
      boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
      // A JSON error body is one chunk: "<size>\r\n<json>\r\n0\r\n\r\n".
      return chunked ? body.substring(body.indexOf("\r\n") + 2, body.indexOf("\r\n0\r\n"))
          : body;
    }

    /** Goes away abruptly (a reset), as a client that crashed or was killed. */
    void abort() {
      try {
        socket.setSoLinger(true, 0);
        socket.close();
      } catch (IOException e) {
        // Already gone.
      }
    }

    private String readHead() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      byte[] end = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
      while (matched < end.length) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed inside the response head");
        }
        head.write(b);
        matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
      }
      return head.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
