package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.testing.AuditApi;
import dev.palisade.testing.BootstrapAdmin;
import dev.palisade.testing.CloudEventsReceiver;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.PalisadeInstance;
import dev.palisade.testing.PalisadeOnPostgres;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.RsyslogReceiver;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.TestSettings;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

/**
 * Streaming the audit trail to SIEMs, with real receivers: Debian's rsyslogd over TLS and an
 * HTTP endpoint taking CloudEvents batches. Two production nodes share one PostgreSQL database
 * and both run the sinks; the database lease must leave one consumer per sink. The scenarios
 * run in order on the same nodes: a clean delivery first (where no duplicate is allowed), then
 * outages and restarts (where duplicates are allowed, never a gap).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditStreamIT {

  private static final String CA_IN_CONTAINER = "/opt/keycloak/conf/siem-ca.pem";
  private static final String SYSLOG = "syslog";
  private static final String HTTP = "cloudevents-http";
  private static final Duration DELIVERY = Duration.ofSeconds(60);
  private static final int BATCH_SIZE = 5;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static RsyslogReceiver syslog;
  private static CloudEventsReceiver http;
  private static TestDatabase database;
  private static final List<GenericContainer<?>> NODES = new ArrayList<>();
  private static TestRealm realm;
  private static String realmId;

  @BeforeAll
  static void startReceiversAndTwoNodes() {
    syslog = RsyslogReceiver.start();
    http = CloudEventsReceiver.start();
    database = TestDatabase.load().newDatabase("palisade_stream");
    NODES.add(node());
    NODES.get(0).start();
    NODES.add(node());
    NODES.get(1).start();
    realm = TestRealm.create(instance());
    realmId = realm.resource().toRepresentation().getId();
  }

  @AfterAll
  static void stopEverything() {
    if (realm != null) {
      realm.close();
    }
    NODES.forEach(GenericContainer::stop);
    if (http != null) {
      http.close();
    }
    if (syslog != null) {
      syslog.close();
    }
  }

  @Test
  @Order(1)
  void bothSinksGetEveryRecordInChainOrderOnceFromOneConsumer() {
    realm.createUser("alice", "correct-horse-battery-staple");
    realm.createUser("bob", "correct-horse-battery-staple");
    List<Map<String, Object>> sealed = sealedUpToNow();

    List<Map<String, Object>> events = awaitHttpRecords(sealed);
    List<RsyslogReceiver.Message> messages = awaitSyslogRecords(sealed);

    // Nothing failed and the nodes share the sinks through the lease: exactly once, in order.
    // Records sealed after the read above (that read's own) may have arrived already too.
    assertThat(ids(events)).doesNotHaveDuplicates()
        .startsWith(ids(sealed).toArray(String[]::new));
    assertThat(messages).extracting(RsyslogReceiver.Message::id).doesNotHaveDuplicates()
        .startsWith(ids(sealed).toArray(String[]::new));
    for (int index = 0; index < sealed.size(); index++) {
      Map<String, Object> record = sealed.get(index);
      Map<String, Object> event = events.get(index);
      assertThat(event).containsEntry("specversion", "1.0")
          .containsEntry("type", "dev.palisade.audit.record")
          .containsEntry("source", "urn:palisade:audit:" + realmId)
          .containsEntry("palisaderealm", realm.name())
          .containsEntry("data", record);
      RsyslogReceiver.Message message = messages.get(index);
      assertThat(message.msgId()).isEqualTo("record");
      assertThat(message.seq()).isEqualTo(((Number) record.get("seq")).longValue());
      assertThat(message.hash()).isEqualTo(record.get("hash"));
      assertThat(message.realmId()).isEqualTo(realmId);
      assertThat(read(message.json())).isEqualTo(record);
    }
    assertThat(http.batches()).allSatisfy(batch ->
        assertThat(batch.contentType()).isEqualTo("application/cloudevents-batch+json"));
  }

  @Test
  @Order(2)
  void everyBatchIsSignedByTheRealmsPublishedKey() throws Exception {
    JsonWebKeySet keys = new JsonWebKeySet(new AuditApi(instance())
        .get(realm.name(), "keys", Map.of(), adminToken()).body());
    assertThat(http.batches()).isNotEmpty();
    for (CloudEventsReceiver.Batch batch : http.batches()) {
      if (!batch.events().get(0).get("source").equals("urn:palisade:audit:" + realmId)) {
        continue;
      }
      assertThat(verifies(batch.signature(), batch.body(), keys)).isTrue();
      // The signature covers the exact bytes: one byte changed and it no longer verifies.
      byte[] tampered = batch.body().clone();
      tampered[tampered.length / 2] ^= 1;
      assertThat(verifies(batch.signature(), tampered, keys)).isFalse();
    }
  }

  @Test
  @Order(3)
  void aSignedCheckpointIsPushedToBothSinks() throws Exception {
    String export = new AuditApi(instance()).export(realm.name(), Map.of());
    String[] lines = export.split("\n");
    Map<String, Object> checkpoint = read(lines[lines.length - 1]);
    long seq = ((Number) checkpoint.get("seq")).longValue();

    Map<String, Object> pushed = Eventually.until("checkpoint " + seq + " over HTTP", DELIVERY,
        () -> http.events().stream()
            .filter(e -> e.get("type").equals("dev.palisade.audit.checkpoint"))
            .filter(e -> e.get("id").equals("checkpoint-" + seq)).findFirst().orElse(null),
        e -> e != null);
    assertThat(pushed.get("data")).isEqualTo(checkpoint);
    RsyslogReceiver.Message overSyslog = Eventually.until("checkpoint " + seq + " over syslog",
        DELIVERY, () -> syslog.messages().stream()
            .filter(m -> m.msgId().equals("checkpoint") && m.seq() == seq).findFirst()
            .orElse(null), m -> m != null);
    assertThat(read(overSyslog.json())).isEqualTo(checkpoint);
  }

  @Test
  @Order(4)
  void receiversDownForAWhileGetEverythingOnceBackWithoutGaps() {
    http.stop();
    syslog.stop();
    realm.createUser("carol", "correct-horse-battery-staple");
    realm.createUser("dave", "correct-horse-battery-staple");
    List<Map<String, Object>> sealed = sealedUpToNow();
    // While they are down, the meters show records waiting and failed attempts.
    Eventually.until("lag and failures in the meters", DELIVERY, AuditStreamIT::meters,
        meters -> meters.getOrDefault("palisade_audit_sink_lag_records{sink=\"" + HTTP + "\"}",
            0.0) > 0
            && meters.getOrDefault("palisade_audit_sink_failures_total{sink=\"" + HTTP + "\"}",
            0.0) > 0
            && meters.getOrDefault("palisade_audit_sink_failures_total{sink=\"" + SYSLOG
            + "\"}", 0.0) > 0);

    http.startAgain();
    syslog.startAgain();

    assertNoGapsAndOnlyTrueDuplicates(awaitHttpRecords(sealed), sealed);
    List<RsyslogReceiver.Message> messages = awaitSyslogRecords(sealed);
    Map<String, String> hashById = new HashMap<>();
    messages.forEach(m -> assertThat(hashById.putIfAbsent(m.id(), m.hash()))
        .as("a duplicate of %s is the same record", m.id()).isIn(null, m.hash()));
    Eventually.until("no lag left", DELIVERY, AuditStreamIT::meters, meters ->
        meters.get("palisade_audit_sink_lag_records{sink=\"" + HTTP + "\"}") < 5);
  }

  @Test
  @Order(5)
  void aNodeThatDiesHandsOverAndARestartedNodeResumesFromThePosition() {
    NODES.remove(0).stop();
    realm = TestRealm.adopt(instance(), realm.name());
    realm.createUser("erin", "correct-horse-battery-staple");
    List<Map<String, Object>> sealedBeforeRestart = sealedUpToNow();
    assertNoGapsAndOnlyTrueDuplicates(awaitHttpRecords(sealedBeforeRestart),
        sealedBeforeRestart);

    GenericContainer<?> restarted = node();
    restarted.start();
    NODES.add(restarted);
    NODES.remove(0).stop();
    realm = TestRealm.adopt(instance(), realm.name());
    realm.createUser("frank", "correct-horse-battery-staple");
    List<Map<String, Object>> sealed = sealedUpToNow();
    List<Map<String, Object>> events = awaitHttpRecords(sealed);
    assertNoGapsAndOnlyTrueDuplicates(events, sealed);
    // Resumed from the stored position: at most the batch in flight at each of the two
    // deaths came again, never the trail from its start.
    long resent = events.size() - ids(events).stream().distinct().count();
    assertThat(resent).isLessThanOrEqualTo(2L * BATCH_SIZE);
    awaitSyslogRecords(sealed);
  }

  @Test
  @Order(6)
  void aSinkThatCannotBeSetUpStopsTheServerWithAMessageNamingTheOption() {
    assertStartRefused(Map.of(
        "KC_SPI_PALISADE_AUDIT_SINK__SYSLOG__HOST", "siem.example",
        "KC_SPI_PALISADE_AUDIT_SINK__SYSLOG__CA_FILE", "/opt/keycloak/conf/missing-ca.pem"),
        "--spi-palisade-audit-sink--syslog--ca-file /opt/keycloak/conf/missing-ca.pem cannot be"
            + " read");
    assertStartRefused(Map.of("KC_SPI_PALISADE_AUDIT_SINK__CLOUDEVENTS_HTTP__AUTHORIZATION",
            "Bearer x"),
        "--spi-palisade-audit-sink--cloudevents-http--url is missing");
  }

  private static void assertStartRefused(Map<String, String> environment, String message) {
    try (GenericContainer<?> container = new GenericContainer<>(TestSettings.palisadeImage())
        .withCommand("start-dev")
        .withEnv(BootstrapAdmin.environment())
        .withEnv(environment)
        .waitingFor(Wait.forLogMessage(".*Failed to start server.*", 1)
            .withStartupTimeout(Duration.ofMinutes(3)))) {
      container.start();
      // Keycloak prints the cause on lines after "Failed to start server": they are read until
      // they are there, not once at the moment the first line matched.
      Eventually.until("the start refused with \"" + message + "\"", Duration.ofSeconds(30),
          Duration.ofMillis(250), container::getLogs, logs -> logs.contains(message));
    }
  }

  /** Records and events of this test's realm only, as received. */
  private static List<Map<String, Object>> awaitHttpRecords(List<Map<String, Object>> sealed) {
    Supplier<List<Map<String, Object>>> received = () -> http.events().stream()
        .filter(e -> e.get("source").equals("urn:palisade:audit:" + realmId))
        .filter(e -> e.get("type").equals("dev.palisade.audit.record")).toList();
    Eventually.until("every sealed record over HTTP", DELIVERY, received,
        events -> ids(events).containsAll(ids(sealed)));
    List<Map<String, Object>> events = received.get();
    List<Map<String, Object>> records = new ArrayList<>();
    events.forEach(e -> records.add(object(e, "data")));
    assertChainOrder(records.stream().map(r -> ((Number) r.get("seq")).longValue()).toList());
    return events;
  }

  private static List<RsyslogReceiver.Message> awaitSyslogRecords(
      List<Map<String, Object>> sealed) {
    Supplier<List<RsyslogReceiver.Message>> received = () -> syslog.messages().stream()
        .filter(m -> m.realmId().equals(realmId) && m.msgId().equals("record")).toList();
    Eventually.until("every sealed record over syslog", DELIVERY, received,
        messages -> messages.stream().map(RsyslogReceiver.Message::id).toList()
            .containsAll(ids(sealed)));
    List<RsyslogReceiver.Message> messages = received.get();
    assertChainOrder(messages.stream().map(RsyslogReceiver.Message::seq).toList());
    return messages;
  }

  /**
   * Chain order as at-least-once delivery allows it: positions rise one by one from 1, and a
   * position seen before comes again only as a resent run that catches up with no gap.
   */
  private static void assertChainOrder(List<Long> seqs) {
    long highest = 0;
    for (long seq : seqs) {
      assertThat(seq).as("position after %s in %s", highest, seqs).isLessThanOrEqualTo(highest + 1);
      highest = Math.max(highest, seq);
    }
  }

  private static void assertNoGapsAndOnlyTrueDuplicates(List<Map<String, Object>> events,
      List<Map<String, Object>> sealed) {
    Map<Object, Object> dataById = new LinkedHashMap<>();
    for (Map<String, Object> event : events) {
      Object earlier = dataById.putIfAbsent(event.get("id"), event.get("data"));
      assertThat(earlier).as("a duplicate of %s is the same record", event.get("id"))
          .isIn(null, event.get("data"));
    }
    for (Map<String, Object> record : sealed) {
      assertThat(dataById.get(record.get("id"))).isEqualTo(record);
    }
  }

  /** The realm's sealed records, oldest first, once everything committed so far is sealed. */
  private static List<Map<String, Object>> sealedUpToNow() {
    AuditApi audit = new AuditApi(instance());
    audit.awaitSealedUpToNow(realm.name());
    List<Map<String, Object>> records = new ArrayList<>(
        audit.events(realm.name(), Map.of("max", "1000")));
    Collections.reverse(records);
    return records;
  }

  private static boolean verifies(String detached, byte[] body, JsonWebKeySet keys)
      throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setCompactSerialization(detached);
    jws.setEncodedPayload(Base64Url.encode(body));
    JsonWebKey key = keys.getJsonWebKeys().stream()
        .filter(k -> k.getKeyId().equals(jws.getKeyIdHeaderValue())).findFirst().orElseThrow();
    jws.setKey(key.getKey());
    return jws.verifySignature();
  }

  /** The sink meters of every live node, summed by name and tags. */
  private static Map<String, Double> meters() {
    Pattern line = Pattern.compile("^(palisade_audit_sink_\\w+\\{[^}]*\\}) (\\S+)$",
        Pattern.MULTILINE);
    Map<String, Double> meters = new HashMap<>();
    for (GenericContainer<?> node : NODES) {
      String body = get("http://localhost:" + node.getMappedPort(9000) + "/metrics");
      Matcher matcher = line.matcher(body);
      while (matcher.find()) {
        meters.merge(matcher.group(1), Double.parseDouble(matcher.group(2)), Double::sum);
      }
    }
    return meters;
  }

  private static GenericContainer<?> node() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("KC_SPI_PALISADE_AUDIT_SINK__SYSLOG__HOST",
        PalisadeServer.HOST_FROM_CONTAINER);
    environment.put("KC_SPI_PALISADE_AUDIT_SINK__SYSLOG__PORT", String.valueOf(syslog.port()));
    environment.put("KC_SPI_PALISADE_AUDIT_SINK__SYSLOG__CA_FILE", CA_IN_CONTAINER);
    environment.put("KC_SPI_PALISADE_AUDIT_SINK__CLOUDEVENTS_HTTP__URL",
        http.urlFromContainer());
    for (String sink : List.of("SYSLOG", "CLOUDEVENTS_HTTP")) {
      String prefix = "KC_SPI_PALISADE_AUDIT_SINK__" + sink + "__";
      environment.put(prefix + "INTERVAL_MILLIS", "200");
      environment.put(prefix + "RETRY_INITIAL_MILLIS", "200");
      environment.put(prefix + "RETRY_MAX_MILLIS", "2000");
      environment.put(prefix + "LEASE_SECONDS", "5");
      environment.put(prefix + "BATCH_SIZE", String.valueOf(BATCH_SIZE));
    }
    return PalisadeOnPostgres.productionContainer(database)
        .withCopyFileToContainer(MountableFile.forHostPath(syslog.caFile(), 0644),
            CA_IN_CONTAINER)
        .withEnv(environment);
  }

  /** The first live node, as the admin API's client. */
  private static PalisadeInstance instance() {
    return PalisadeOnPostgres.instanceOf(NODES.get(0));
  }

  private static String adminToken() {
    return instance().admin().tokenManager().getAccessTokenString();
  }

  private static List<String> ids(List<Map<String, Object>> events) {
    return events.stream().map(e -> (String) e.get("id")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> event, String field) {
    return (Map<String, Object>) event.get(field);
  }

  private static Map<String, Object> read(String json) {
    try {
      return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<>() { });
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static String get(String url) {
    try {
      return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      throw new AssertionError("GET " + url + " failed", e);
    }
  }
}
