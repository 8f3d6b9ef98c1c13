package dev.palisade.benchmark;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.palisade.testing.AuditApi;
import dev.palisade.testing.BulkRecords;
import dev.palisade.testing.FlightRecording;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeInstance;
import dev.palisade.testing.PalisadeOnPostgres;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * Audit trail on PostgreSQL, measured, not asserted (run with -Pbenchmark, see
 * docs/benchmarks.md): ingest through Keycloak and sealing lag, sealing throughput, export of
 * the whole trail under a 256 MiB heap, and filtered first pages over it.
 */
class AuditBenchmark {

  private static final int RECORDS = Integer.getInteger("palisade.benchmark.records", 1_000_000);
  private static final Duration INGEST_FOR = Duration.ofSeconds(20);
  private static final int THREADS = Integer.getInteger("palisade.benchmark.threads", 8);
  private static final int EVENTS_PER_CALL = 50;
  private static final Pattern HEAP_SAMPLE =
      Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.E+]+)",
          Pattern.MULTILINE);

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void measure() throws Exception {
    TestDatabase database = TestDatabase.load();
    try (GenericContainer<?> container = PalisadeOnPostgres.productionContainer(database)
        .withEnv("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx256m")
        // The event source is an extra provider: the server rebuilds itself with it at start,
        // with the image's own build options.
        .withCopyFileToContainer(MountableFile.forHostPath(TestSettings.required(
            "palisade.benchmark.provider.jar")), "/opt/keycloak/providers/benchmark.jar")
        .withEnv(Map.of("KC_DB", "postgres", "KC_HEALTH_ENABLED", "true",
            "KC_METRICS_ENABLED", "true"))
        .withCommand("start", "--http-enabled=true", "--hostname-strict=false")) {
      FlightRecording.attach(container).start();
      String baseUrl = "http://" + container.getHost() + ":" + container.getMappedPort(8080);
      String metricsUrl = "http://" + container.getHost() + ":" + container.getMappedPort(9000)
          + "/metrics";
      PalisadeInstance server = PalisadeOnPostgres.instanceOf(container);
      Keycloak admin = server.admin();
      AuditApi audit = new AuditApi(server);
      TestRealm realm = TestRealm.create(server);
      realm.createPublicClient("bench-app");
      String realmId = realm.resource().toRepresentation().getId();

      realm.createConfidentialClient("bench-backend", "bench-backend-secret");
      ingest("failed logins of unknown users (each pays a password hash)", "LOGIN",
          database, realmId, () -> OidcLoginDriver.begin(server, realm, "bench-app")
              .loginWithPassword("nobody", "wrong-password"));
      ingest("client-credentials grants", "CLIENT_LOGIN", database, realmId,
          () -> clientCredentialsGrant(baseUrl, realm.name()));
      TestRealm direct = TestRealm.create(server);
      String member = direct.createUserWithTotp("member", "correct-horse-battery-staple").id();
      ingest("sign-in events raised in the server, " + EVENTS_PER_CALL + " a call (the trail"
              + " alone: no request work per event)", "LOGIN", database,
          direct.resource().toRepresentation().getId(),
          () -> raiseEvents(baseUrl, direct.name(), member));
      sealBulk(database, realmId, audit, realm.name());
      export(audit, realm.name(), admin, metricsUrl);
      firstPages(audit, realm.name());
      FlightRecording.collect(container);
    }
  }

  /**
   * {@code action} events made by THREADS threads repeating {@code oneEvent} for INGEST_FOR,
   * then how long each waited to be chained (sealing lag).
   */
  private void ingest(String what, String action, TestDatabase database, String realmId,
      Runnable oneEvent) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    long start = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      pool.submit(() -> {
        while (running.get()) {
          oneEvent.run();
        }
        return null;
      });
    }
    Thread.sleep(INGEST_FOR.toMillis());
    running.set(false);
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    Thread.sleep(3000);
    try (Connection db = database.connectAsKeycloak();
         ResultSet rows = db.createStatement().executeQuery(
             "select count(*), percentile_cont(0.5) within group (order by c.sealed_at - e.event_time),"
                 + " percentile_cont(0.99) within group (order by c.sealed_at - e.event_time),"
                 + " max(c.sealed_at - e.event_time)"
                 + " from palisade_audit_chain c join palisade_audit_event e on e.id = c.event_id"
                 + " where c.realm_id = '" + realmId + "' and e.action = '" + action + "'")) {
      rows.next();
      System.out.printf("BENCH ingest, %s: %d records in %.1f s = %.0f events/s (%d threads);"
              + " seal lag p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", what, rows.getLong(1),
          seconds, rows.getLong(1) / seconds, THREADS, rows.getDouble(2), rows.getDouble(3),
          rows.getDouble(4));
    }
  }

  /** EVENTS_PER_CALL events through the benchmark provider, each in its own transaction. */
  private void raiseEvents(String baseUrl, String realm, String userId) {
    try {
      http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm
              + "/palisade-benchmark-events?count=" + EVENTS_PER_CALL + "&user=" + userId))
              .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void clientCredentialsGrant(String baseUrl, String realm) {
    try {
      http.send(HttpRequest.newBuilder(URI.create(
                  baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"
                  + "&client_id=bench-backend&client_secret=bench-backend-secret")).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** RECORDS records queued straight into the tables, then timed until all are chained. */
  private void sealBulk(TestDatabase database, String realmId, AuditApi audit, String realmName)
      throws Exception {
    try (Connection db = database.connectAsKeycloak()) {
      long insertStart = System.nanoTime();
      BulkRecords.queue(db, realmId, realmName, 1, RECORDS);
      System.out.printf("BENCH bulk queue: %d records inserted in %.1f s%n", RECORDS,
          (System.nanoTime() - insertStart) / 1e9);
      long sealStart = System.nanoTime();
      BulkRecords.awaitChained(db, realmId, BulkRecords.MILLION_CHAINED);
      double seconds = (System.nanoTime() - sealStart) / 1e9;
      System.out.printf("BENCH sealing: %d records chained in %.1f s = %.0f records/s%n",
          RECORDS, seconds, RECORDS / seconds);
    }
  }

  /** The whole trail as JSONL, timed, with the server's heap sampled meanwhile. */
  private void export(AuditApi audit, String realm, Keycloak admin, String metricsUrl)
      throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong peakHeap = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (running.get()) {
        peakHeap.accumulateAndGet(heapUsed(metricsUrl), Math::max);
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    long start = System.nanoTime();
    long bytes;
    long lines = 0;
    try (InputStream body = http.send(HttpRequest.newBuilder(URI.create(
                audit.exportUrl(realm)))
            .header("Authorization", "Bearer " + admin.tokenManager().getAccessTokenString())
            .build(), HttpResponse.BodyHandlers.ofInputStream()).body()) {
      byte[] buffer = new byte[1 << 16];
      long total = 0;
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        total += n;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
      bytes = total;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    running.set(false);
    sampler.join();
    System.out.printf("BENCH export: %d lines, %d MB in %.1f s (%.0f records/s);"
            + " server heap peak %d MiB with -Xmx256m%n", lines, bytes / 1_000_000, seconds,
        lines / seconds, peakHeap.get() / (1024 * 1024));
  }

  private long heapUsed(String metricsUrl) {
    try {
      String metrics = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher matcher = HEAP_SAMPLE.matcher(metrics);
      double sum = 0;
      while (matcher.find()) {
        sum += Double.parseDouble(matcher.group(1));
      }
      return (long) sum;
    } catch (Exception e) {
      return 0;
    }
  }

  /** Filtered first pages over the whole trail, five times each, median latency. */
  private void firstPages(AuditApi audit, String realm) {
    for (Map<String, String> filters : List.of(Map.<String, String>of(),
        Map.of("actor", "member42"), Map.of("action", "CODE_TO_TOKEN", "outcome", "failure"),
        Map.of("target", "u-7", "max", "20"))) {
      List<Double> millis = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        audit.events(realm, filters);
        millis.add((System.nanoTime() - start) / 1e6);
      }
      millis.sort(Double::compare);
      System.out.printf("BENCH first page %s: median %.0f ms (runs %s)%n", filters,
          millis.get(2), millis);
    }
  }
}
