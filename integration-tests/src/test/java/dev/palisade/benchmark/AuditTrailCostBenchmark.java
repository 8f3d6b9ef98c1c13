package dev.palisade.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.palisade.testing.BulkRecords;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeInstance;
import dev.palisade.testing.PalisadeOnPostgres;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * What the audit trail costs, measured, not asserted (run with -Pbenchmark, one method at a
 * time, see docs/benchmarks.md):
 *
 * <ul>
 *   <li>{@link #overhead}: throughput of event-raising requests on the same image with the
 *       trail on (as shipped) and off (the operator's per-provider switch), side by side in
 *       alternating rounds;</li>
 *   <li>{@link #verification}: incremental against full verification of a chain of a million
 *       records, and the sealing throughput while that chain is built;</li>
 *   <li>{@link #streaming}: the CloudEvents HTTP sink delivering a backlog, and the lag from
 *       a record's seal to its arrival at the receiver under steady load.</li>
 * </ul>
 */
class AuditTrailCostBenchmark {

  private static final int THREADS = Integer.getInteger("palisade.benchmark.threads", 8);
  /** Timed rounds per side and workload. */
  private static final int ROUNDS = Integer.getInteger("palisade.benchmark.rounds", 3);
  private static final Duration ROUND =
      Duration.ofSeconds(Long.getLong("palisade.benchmark.round.seconds", 15));
  private static final Duration WARM_UP =
      Duration.ofSeconds(Long.getLong("palisade.benchmark.warmup.seconds", 10));
  private static final int EVENTS_PER_CALL = 50;
  private static final int RECORDS = Integer.getInteger("palisade.benchmark.records", 1_000_000);
  private static final int ADDED = Integer.getInteger("palisade.benchmark.added", 1_000);
  private static final int VERIFY_RUNS = Integer.getInteger("palisade.benchmark.verify.runs", 5);
  /** Keycloak's own switch for one provider; build-time, so the server rebuilds at start. */
  private static final String TRAIL_SWITCH = "KC_SPI_EVENTS_LISTENER__PALISADE_AUDIT__ENABLED";
  private static final String HEAP = "-Xms256m -Xmx1g";
  private static final int STREAM_BACKLOG =
      Integer.getInteger("palisade.benchmark.stream.backlog", 100_000);
  private static final Duration STREAM_LOAD =
      Duration.ofSeconds(Long.getLong("palisade.benchmark.stream.load.seconds", 30));
  private static final String SOURCE_PREFIX = "urn:palisade:audit:";

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json = new ObjectMapper();

  // ---------------------------------------------------------------------------------------
  // Trail on against trail off

  @Test
  void overhead() throws Exception {
    TestDatabase postgres = TestDatabase.load();
    TestDatabase onDatabase = postgres.newDatabase("trail_on");
    TestDatabase offDatabase = postgres.newDatabase("trail_off");
    try (GenericContainer<?> onContainer = eventServer(onDatabase, true);
         GenericContainer<?> offContainer = eventServer(offDatabase, false)) {
      // In turn: two servers rebuilding at once on two cores only slow each other down.
      onContainer.start();
      offContainer.start();
      Side on = side("on", onContainer, onDatabase, false);
      Side off = side("off", offContainer, offDatabase, false);
      // For scale: what Keycloak's own event store, the stock way to keep events, costs the
      // same requests on the same server (trail off, the realm saving its events).
      Side store = side("off, Keycloak event store on", offContainer, offDatabase, true);
      List<Side> sides = List.of(on, off, store);
      System.out.printf("BENCH overhead: %d threads, %d rounds of %d s per side and workload,"
              + " sides rotated every round, %d s warm-up per side; palisade-audit listed in"
              + " serverinfo: on=%s, off=%s%n", THREADS, ROUNDS, ROUND.toSeconds(),
          WARM_UP.toSeconds(), on.listenerListed(), off.listenerListed());

      compare(new Workload("client-credentials grants", 1, Side::clientCredentialsGrant),
          sides);
      compare(new Workload("failed logins of unknown users", 1, Side::failedLogin), sides);
      compare(new Workload("sign-in events raised in the server (" + EVENTS_PER_CALL
          + " a call, no request work per event)", EVENTS_PER_CALL, Side::raiseEvents), sides);

      Thread.sleep(3000);
      on.printTrailRows();
      off.printTrailRows();
      store.printStoredEvents();
    }
  }

  private GenericContainer<?> eventServer(TestDatabase database, boolean trail) {
    GenericContainer<?> container = PalisadeOnPostgres.productionContainer(database)
        .withEnv("JAVA_OPTS_KC_HEAP", HEAP)
        // The in-server event source is an extra provider, so both servers rebuild at start
        // with the image's build options; only the trail switch differs between them.
        .withCopyFileToContainer(MountableFile.forHostPath(TestSettings.required(
            "palisade.benchmark.provider.jar")), "/opt/keycloak/providers/benchmark.jar")
        .withEnv(Map.of("KC_DB", "postgres", "KC_HEALTH_ENABLED", "true",
            "KC_METRICS_ENABLED", "true"))
        .withCommand("start", "--http-enabled=true", "--hostname-strict=false");
    if (!trail) {
      container.withEnv(TRAIL_SWITCH, "false");
    }
    return container;
  }

  /** The first side is the trail on, the second the trail off; ratios are against it. */
  private void compare(Workload workload, List<Side> sides) throws Exception {
    for (Side side : sides) {
      run(side, workload, WARM_UP);
    }
    List<List<Double>> rates = new ArrayList<>();
    List<List<Long>> latencies = new ArrayList<>();
    long[] errors = new long[sides.size()];
    for (int i = 0; i < sides.size(); i++) {
      rates.add(new ArrayList<>());
      latencies.add(new ArrayList<>());
    }
    // The order turns every round (on, off, store; off, store, on; …) so that a drift of the
    // machine over the run hits every side alike.
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < sides.size(); k++) {
        int i = (round + k) % sides.size();
        Side side = sides.get(i);
        Round result = run(side, workload, ROUND);
        rates.get(i).add(result.eventsPerSecond());
        latencies.get(i).addAll(result.latencies());
        errors[i] += result.errors();
        System.out.printf("BENCH overhead, %s, round %d, trail %s: %.1f events/s (%d calls),"
                + " p50 %.0f ms, p95 %.0f ms, %d unexpected answers%n", workload.name(),
            round + 1, side.name(), result.eventsPerSecond(), result.latencies().size(),
            Stats.percentile(result.latencies(), 0.5) / 1e6,
            Stats.percentile(result.latencies(), 0.95) / 1e6, result.errors());
      }
    }
    double offMedian = Stats.median(rates.get(1));
    for (int i = 0; i < sides.size(); i++) {
      double sideMedian = Stats.median(rates.get(i));
      System.out.printf("BENCH overhead, %s, trail %s: median %.1f events/s (rounds %s),"
              + " ratio to trail off %.3f; latency p50 %.0f ms, p95 %.0f ms;"
              + " unexpected answers %d%n", workload.name(), sides.get(i).name(), sideMedian,
          rates.get(i).stream().map(rate -> String.format("%.1f", rate)).toList(),
          sideMedian / offMedian, Stats.percentile(latencies.get(i), 0.5) / 1e6,
          Stats.percentile(latencies.get(i), 0.95) / 1e6, errors[i]);
    }
  }

  /**
   * THREADS threads calling {@code workload} on {@code side} for {@code duration}; a call
   * counts when it ended inside the round.
   */
  private Round run(Side side, Workload workload, Duration duration) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    Queue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong errors = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    for (int t = 0; t < THREADS; t++) {
      pool.submit(() -> {
        while (running.get()) {
          long callStart = System.nanoTime();
          boolean ok;
          try {
            ok = workload.call().test(side);
          } catch (RuntimeException e) {
            ok = false;
          }
          long callEnd = System.nanoTime();
          if (callEnd <= end) {
            latencies.add(callEnd - callStart);
            if (!ok) {
              errors.incrementAndGet();
            }
          }
        }
        return null;
      });
    }
    Thread.sleep(duration.toMillis());
    running.set(false);
    pool.shutdown();
    pool.awaitTermination(2, TimeUnit.MINUTES);
    List<Long> all = new ArrayList<>(latencies);
    return new Round(all.size() * workload.eventsPerCall() / (duration.toNanos() / 1e9), all,
        errors.get());
  }

  private record Workload(String name, int eventsPerCall, Predicate<Side> call) {
  }

  private record Round(double eventsPerSecond, List<Long> latencies, long errors) {
  }

  private Side side(String name, GenericContainer<?> container, TestDatabase database,
      boolean eventStore) {
    PalisadeInstance server = PalisadeOnPostgres.instanceOf(container);
    TestRealm realm = TestRealm.create(server);
    if (eventStore) {
      RealmRepresentation settings = realm.resource().toRepresentation();
      settings.setEventsEnabled(true);
      realm.resource().update(settings);
    }
    realm.createPublicClient("bench-app");
    realm.createConfidentialClient("bench-backend", "bench-backend-secret");
    String memberId = realm.createUserWithTotp("member", "correct-horse-battery-staple").id();
    return new Side(name, server.baseUrl(), server, database, realm, memberId);
  }

  /** One server of the comparison, with the realm its workloads use. */
  private final class Side {

    private final String name;
    private final String baseUrl;
    private final PalisadeInstance server;
    private final TestDatabase database;
    private final TestRealm realm;
    private final String memberId;

    private Side(String name, String baseUrl, PalisadeInstance server, TestDatabase database,
        TestRealm realm, String memberId) {
      this.name = name;
      this.baseUrl = baseUrl;
      this.server = server;
      this.database = database;
      this.realm = realm;
      this.memberId = memberId;
    }

    String name() {
      return name;
    }

    boolean clientCredentialsGrant() {
      return post("/realms/" + realm.name() + "/protocol/openid-connect/token",
          "grant_type=client_credentials&client_id=bench-backend"
              + "&client_secret=bench-backend-secret") == 200;
    }

    boolean failedLogin() {
      OidcLoginDriver login = OidcLoginDriver.begin(server, realm, "bench-app")
          .loginWithPassword("nobody", "wrong-password");
      return !login.finished() && login.status() == 200 && !login.errorMessage().isEmpty();
    }

    boolean raiseEvents() {
      return post("/realms/" + realm.name() + "/palisade-benchmark-events?count="
          + EVENTS_PER_CALL + "&user=" + memberId, "") == 200;
    }

    private int post(String path, String form) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** Whether Keycloak lists the trail's listener among its event listeners. */
    boolean listenerListed() throws Exception {
      String body = http.send(HttpRequest.newBuilder(URI.create(baseUrl
                  + "/admin/serverinfo"))
              .header("Authorization", "Bearer " + adminToken()).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return json.readTree(body).path("providers").path("eventsListener").path("providers")
          .has("palisade-audit");
    }

    private String adminToken() {
      return server.admin().tokenManager().getAccessTokenString();
    }

    /** What reached the trail's tables of this side's database in the whole run. */
    void printTrailRows() throws SQLException {
      try (Connection db = database.connectAsKeycloak()) {
        System.out.printf("BENCH overhead, trail %s, audit tables after the run: %d records"
                + " (%d of them LOGIN/CLIENT_LOGIN), %d chained, %d queued, %d checkpoints;"
                + " actions: %s%n",
            name, count(db, "select count(*) from palisade_audit_event"),
            count(db, "select count(*) from palisade_audit_event"
                + " where action in ('LOGIN', 'CLIENT_LOGIN')"),
            count(db, "select count(*) from palisade_audit_chain"),
            count(db, "select count(*) from palisade_audit_pending"),
            count(db, "select count(*) from palisade_audit_checkpoint"),
            text(db, "select string_agg(action || ' ' || n, ', ') from (select action,"
                + " count(*) n from palisade_audit_event group by action) a"));
      }
    }

    /** Events Keycloak's own store kept for this side's realm in the whole run. */
    void printStoredEvents() throws SQLException {
      try (Connection db = database.connectAsKeycloak()) {
        System.out.printf("BENCH overhead, trail %s: %d events in Keycloak's event store%n",
            name, count(db, "select count(*) from event_entity e join realm r"
                + " on r.id = e.realm_id where r.name = '" + realm.name() + "'"));
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Incremental against full verification

  @Test
  void verification() throws Exception {
    TestDatabase database = TestDatabase.load().newDatabase("verify");
    try (GenericContainer<?> container = PalisadeOnPostgres.productionContainer(database)
        .withEnv("JAVA_OPTS_KC_HEAP", HEAP)) {
      container.start();
      PalisadeInstance server = PalisadeOnPostgres.instanceOf(container);
      TestRealm realm = TestRealm.create(server);
      String realmId = realm.resource().toRepresentation().getId();
      try (Connection db = database.connectAsKeycloak()) {
        BulkRecords.awaitChained(db, realmId, BulkRecords.MILLION_CHAINED);
        long checkpointsBefore = count(db, checkpoints(realmId));
        double sealing = queueAndSeal(db, realmId, realm.name(), RECORDS, 0);
        System.out.printf("BENCH verify: sealing with checkpoints: %d records chained at"
                + " %.0f records/s, %d checkpoints signed meanwhile%n", RECORDS, sealing,
            count(db, checkpoints(realmId)) - checkpointsBefore);
        exportWhole(server, realm.name());
        printPositions(db, realmId, "after the export");
        queueAndSeal(db, realmId, realm.name(), ADDED, RECORDS);
        printPositions(db, realmId, "after " + ADDED + " more");
      }
      verify(server, realm.name(), false);
      List<Double> incremental = new ArrayList<>();
      List<Double> full = new ArrayList<>();
      for (int i = 0; i < VERIFY_RUNS; i++) {
        incremental.add(verify(server, realm.name(), false));
        full.add(verify(server, realm.name(), true));
      }
      System.out.printf("BENCH verify: median incremental %.0f ms (runs %s), median full"
              + " %.0f ms (runs %s), full/incremental %.0f×%n", Stats.median(incremental),
          rounded(incremental), Stats.median(full), rounded(full),
          Stats.median(full) / Stats.median(incremental));
    }
  }

  /**
   * {@code count} records queued straight into the tables with one SQL statement (as if many
   * nodes wrote at once), then timed until the sealer has chained them; records/s.
   */
  private double queueAndSeal(Connection db, String realmId, String realmName, int count,
      int offset) throws Exception {
    long insertStart = System.nanoTime();
    BulkRecords.queue(db, realmId, realmName, offset + 1, offset + count);
    System.out.printf("BENCH bulk: %d records queued in %.1f s%n", count,
        (System.nanoTime() - insertStart) / 1e9);
    long sealStart = System.nanoTime();
    BulkRecords.awaitChained(db, realmId, BulkRecords.MILLION_CHAINED);
    double seconds = (System.nanoTime() - sealStart) / 1e9;
    System.out.printf("BENCH bulk: %d records chained in %.1f s%n", count, seconds);
    return count / seconds;
  }

  private static String checkpoints(String realmId) {
    return "select count(*) from palisade_audit_checkpoint where realm_id = '" + realmId + "'";
  }

  private void printPositions(Connection db, String realmId, String when) throws SQLException {
    System.out.printf("BENCH verify: %s: chain head at %d, newest checkpoint at %d%n", when,
        count(db, "select coalesce(max(seq), 0) from palisade_audit_chain where realm_id = '"
            + realmId + "'"),
        count(db, "select coalesce(max(seq), 0) from palisade_audit_checkpoint"
            + " where realm_id = '" + realmId + "'"));
  }

  /** The whole trail as JSONL, read and dropped: its last line is a checkpoint at the head. */
  private void exportWhole(PalisadeInstance server, String realm) throws Exception {
    long start = System.nanoTime();
    long lines = 0;
    try (InputStream body = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + "/admin/realms/" + realm + "/audit/export"))
            .header("Authorization", "Bearer " + server.admin().tokenManager()
                .getAccessTokenString()).build(),
        HttpResponse.BodyHandlers.ofInputStream()).body()) {
      byte[] buffer = new byte[1 << 16];
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    System.out.printf("BENCH verify: export of %d lines in %.1f s (signs a checkpoint at its"
        + " end)%n", lines, (System.nanoTime() - start) / 1e9);
  }

  /** One verification, timed from request to answer (HTTP round trip included), in ms. */
  private double verify(PalisadeInstance server, String realm, boolean full) throws Exception {
    String token = server.admin().tokenManager().getAccessTokenString();
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                server.baseUrl() + "/admin/realms/" + realm + "/audit/verify"
                    + (full ? "?full=true" : "")))
            .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    double millis = (System.nanoTime() - start) / 1e6;
    JsonNode answer = json.readTree(response.body());
    System.out.printf("BENCH verify: %s %.0f ms: HTTP %d, ok %s, mode %s, events %s,"
            + " verifiedFrom %s%n", full ? "full" : "incremental", millis,
        response.statusCode(), answer.path("ok"), answer.path("mode").asText(),
        answer.path("events"), answer.path("verifiedFrom"));
    return millis;
  }

  // ---------------------------------------------------------------------------------------
  // Streaming to a CloudEvents receiver

  @Test
  void streaming() throws Exception {
    TestDatabase database = TestDatabase.load().newDatabase("stream");
    try (Receiver receiver = new Receiver();
         GenericContainer<?> container = PalisadeOnPostgres.productionContainer(database)
             .withEnv("JAVA_OPTS_KC_HEAP", HEAP)
             .withEnv("KC_SPI_PALISADE_AUDIT_SINK__CLOUDEVENTS_HTTP__URL", receiver.url())
             // The backlog builds while the receiver refuses; short retry delays make its
             // first accepted batch follow the switch within half a second.
             .withEnv("KC_SPI_PALISADE_AUDIT_SINK__CLOUDEVENTS_HTTP__RETRY_INITIAL_MILLIS", "200")
             .withEnv("KC_SPI_PALISADE_AUDIT_SINK__CLOUDEVENTS_HTTP__RETRY_MAX_MILLIS", "500")) {
      container.start();
      PalisadeInstance server = PalisadeOnPostgres.instanceOf(container);
      TestRealm backlog = TestRealm.create(server);
      String backlogId = backlog.resource().toRepresentation().getId();
      try (Connection db = database.connectAsKeycloak()) {
        BulkRecords.awaitChained(db, backlogId, BulkRecords.MILLION_CHAINED);
        queueAndSeal(db, backlogId, backlog.name(), STREAM_BACKLOG, 0);
        long head = count(db, "select max(seq) from palisade_audit_chain where realm_id = '"
            + backlogId + "'");
        long start = System.nanoTime();
        receiver.accepting = true;
        while (receiver.received(backlogId) < head) {
          Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("BENCH stream: backlog of %d sealed records delivered in %.1f s ="
                + " %.0f records/s (%d batches received in all)%n", head, seconds,
            head / seconds, receiver.batches.get());

        TestRealm load = TestRealm.create(server);
        load.createConfidentialClient("bench-backend", "bench-backend-secret");
        String loadId = load.resource().toRepresentation().getId();
        Side side = new Side("on", server.baseUrl(), server, database, load, null);
        Round round = run(side, new Workload("client-credentials grants", 1,
            Side::clientCredentialsGrant), STREAM_LOAD);
        BulkRecords.awaitChained(db, loadId, BulkRecords.MILLION_CHAINED);
        long loadHead = count(db, "select max(seq) from palisade_audit_chain where realm_id = '"
            + loadId + "'");
        while (receiver.received(loadId) < loadHead) {
          Thread.sleep(50);
        }
        List<Long> sealToArrival = new ArrayList<>();
        List<Long> eventToArrival = new ArrayList<>();
        try (ResultSet rows = db.createStatement().executeQuery("select c.seq, c.sealed_at,"
            + " e.event_time from palisade_audit_chain c join palisade_audit_event e"
            + " on e.id = c.event_id where c.realm_id = '" + loadId + "'")) {
          while (rows.next()) {
            Long arrival = receiver.arrivals.get(loadId + "/" + rows.getLong(1));
            sealToArrival.add(arrival - rows.getLong(2));
            eventToArrival.add(arrival - rows.getLong(3));
          }
        }
        System.out.printf("BENCH stream: under %.0f events/s (client-credentials grants, %d"
                + " threads, %d s): %d records; sealed to received p50 %.0f ms, p99 %.0f ms,"
                + " max %.0f ms; event to received p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
            round.eventsPerSecond(), THREADS, STREAM_LOAD.toSeconds(), sealToArrival.size(),
            Stats.percentile(sealToArrival, 0.5), Stats.percentile(sealToArrival, 0.99),
            Stats.percentile(sealToArrival, 1.0), Stats.percentile(eventToArrival, 0.5),
            Stats.percentile(eventToArrival, 0.99), Stats.percentile(eventToArrival, 1.0));
      }
    }
  }

  /**
   * A CloudEvents batch receiver in this JVM: notes when each record arrived (by realm id and
   * seq) and answers 503 until told to accept, so that a backlog can build first.
   */
  private final class Receiver implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> perRealm = new ConcurrentHashMap<>();
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean accepting;

    Receiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
      server.createContext("/events", this::receive);
      server.setExecutor(Executors.newFixedThreadPool(4));
      server.start();
    }

    String url() {
      return "http://" + PalisadeServer.HOST_FROM_CONTAINER + ":"
          + server.getAddress().getPort() + "/events";
    }

    long received(String realmId) {
      return perRealm.computeIfAbsent(realmId, id -> new AtomicLong()).get();
    }

    private void receive(HttpExchange exchange) throws IOException {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readAllBytes();
        long now = System.currentTimeMillis();
        if (!accepting) {
          exchange.sendResponseHeaders(503, -1);
          return;
        }
        batches.incrementAndGet();
        for (JsonNode event : json.readTree(body)) {
          if ("dev.palisade.audit.record".equals(event.path("type").asText())) {
            String realmId = event.path("source").asText().substring(SOURCE_PREFIX.length());
            // At least once: a resent record keeps its first arrival and counts once.
            if (arrivals.putIfAbsent(realmId + "/" + event.path("palisadeseq").asLong(),
                now) == null) {
              perRealm.computeIfAbsent(realmId, id -> new AtomicLong()).incrementAndGet();
            }
          }
        }
        exchange.sendResponseHeaders(202, -1);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      ((ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------

  private static long count(Connection db, String sql) throws SQLException {
    try (ResultSet rows = db.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static String text(Connection db, String sql) throws SQLException {
    try (ResultSet rows = db.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static List<Long> rounded(List<Double> values) {
    return values.stream().map(Math::round).toList();
  }
}
