package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.palisade.testing.AuditApi;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeInstance;
import dev.palisade.testing.PalisadeOnPostgres;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestRealm;
import jakarta.ws.rs.ForbiddenException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.testcontainers.containers.GenericContainer;

/**
 * Palisade's meters on Keycloak's {@code /metrics} and its sealing check in {@code /health/ready},
 * both on the management port of the production image: real refusals move the counters, sealed
 * records leave lag samples, and a realm whose chain head is locked in the database makes the
 * node unready until the lock goes.
 */
class MetricsAndHealthIT {

  /** Short, so that a stall shows within a test; operators keep the default of 60 s. */
  private static final int MAX_SEAL_LAG_SECONDS = 8;
  /** The bound, plus a sampling interval, plus room for a loaded machine. */
  private static final Duration STALL_NOTICED = Duration.ofSeconds(60);
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final String CLIENT = "metrics-app";

  private static TestDatabase database;
  private static GenericContainer<?> container;
  private static PalisadeInstance server;
  private static AuditApi audit;
  private TestRealm realm;

  @BeforeAll
  static void startANodeWithAShortSealingBound() {
    database = TestDatabase.load().newDatabase("metrics");
    container = PalisadeOnPostgres.productionContainer(database)
        .withEnv("KC_SPI_EVENTS_LISTENER__PALISADE_AUDIT__MAX_SEAL_LAG_SECONDS",
            String.valueOf(MAX_SEAL_LAG_SECONDS));
    container.start();
    server = PalisadeOnPostgres.instanceOf(container);
    audit = new AuditApi(server);
  }

  @AfterAll
  static void stop() {
    if (container != null) {
      container.stop();
    }
  }

  @BeforeEach
  void createRealm() {
    realm = TestRealm.create(server);
    realm.createPublicClient(CLIENT);
  }

  @AfterEach
  void deleteRealm() {
    realm.close();
  }

  /** The account console removes a factor through this application-initiated action. */
  @Test
  void aRefusedRemovalOfTheLastSecondFactorIsCountedOncePerRefusalRecorded() {
    var erin = realm.createUserWithTotp("erin", PASSWORD);
    String otpId = realm.resource().users().get(erin.id()).credentials().stream()
        .filter(c -> c.getType().equals("otp")).findFirst().orElseThrow().getId();
    Map<String, String> series = Map.of("reason", "last_second_factor");
    double before = scrape().value("palisade_mfa_refusals_total", series);

    var removal = SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT,
        Map.of("kc_action", "delete_credential:" + otpId)), "erin", PASSWORD, erin.totp());
    removal.submit(Map.of("accept", ""));

    assertThat(realm.resource().users().get(erin.id()).credentials())
        .anyMatch(c -> c.getType().equals("otp"));
    int recorded = sealedRecords(Map.of("action", "MFA_REMOVAL_REFUSED", "target", erin.id()));
    assertThat(recorded).as("the refusal is in the trail").isPositive();
    assertThat(scrape().value("palisade_mfa_refusals_total", series) - before)
        .isEqualTo(recorded);
  }

  @Test
  void aRefusedChangeOfALockedSettingIsCountedUnderThatSetting() {
    Map<String, String> series = Map.of("setting", "required-actions");
    double before = scrape().value("palisade_locked_setting_refusals_total", series);
    RequiredActionProviderRepresentation secondFactor =
        realm.resource().flows().getRequiredAction("palisade-second-factor");
    secondFactor.setEnabled(false);

    assertThatThrownBy(() -> realm.resource().flows()
        .updateRequiredAction("palisade-second-factor", secondFactor))
        .isInstanceOf(ForbiddenException.class);

    int recorded = sealedRecords(Map.of("action", "POLICY_REFUSED"));
    assertThat(recorded).as("the refusal is in the trail").isPositive();
    assertThat(scrape().value("palisade_locked_setting_refusals_total", series) - before)
        .isEqualTo(recorded);
  }

  @Test
  void aVerificationThatFindsTheChainBrokenIsCountedForThatRealm() throws SQLException {
    realm.createUser("tampered", PASSWORD);
    audit.awaitSealedUpToNow(realm.name());
    Map<String, String> series = Map.of("realm", realm.name());
    assertThat(scrape().value("palisade_audit_verification_failures_total", series)).isZero();
    try (Connection superuser = database.connectAsSuperuser()) {
      // The way an owner of the database server gets past the immutability triggers.
      superuser.createStatement().execute("set session_replication_role = replica; "
          + "update palisade_audit_event set action = 'LOGIN' where realm_id = '"
          + realm.resource().toRepresentation().getId() + "'");
    }

    assertThat(audit.verify(realm.name())).containsEntry("ok", false);

    assertThat(scrape().value("palisade_audit_verification_failures_total", series))
        .isEqualTo(1);
  }

  @Test
  void sealedRecordsLeaveLagSamplesTheBacklogDrainsAndCheckpointsHaveAnAge() {
    Scrape before = scrape();
    for (int i = 1; i <= 5; i++) {
      realm.createUser("user" + i, PASSWORD);
    }
    audit.awaitEvents(realm.name(), Map.of("action", "USER_CREATE"), list -> list.size() == 5);
    // An export signs a checkpoint at its end: the realm then has an age to report.
    assertThat(audit.export(realm.name(), Map.of("format", "jsonl"))).isNotBlank();

    Scrape settled = Eventually.until("the backlog sampled empty with the realm's checkpoint",
        Eventually.PATIENCE, MetricsAndHealthIT::scrape,
        s -> s.value("palisade_audit_pending_records", Map.of()) == 0
            && s.has("palisade_audit_checkpoint_age_seconds", Map.of("realm", realm.name())));

    assertThat(settled.value("palisade_audit_seal_lag_seconds_count", Map.of())
        - before.value("palisade_audit_seal_lag_seconds_count", Map.of()))
        .as("one lag sample per sealed record, at least the five users")
        .isGreaterThanOrEqualTo(5);
    assertThat(settled.value("palisade_audit_seal_lag_seconds_sum", Map.of())
        - before.value("palisade_audit_seal_lag_seconds_sum", Map.of()))
        .as("a record is chained after it is committed, never before").isGreaterThan(0);
    assertThat(settled.value("palisade_audit_checkpoint_age_seconds",
        Map.of("realm", realm.name()))).isBetween(0.0, Eventually.PATIENCE.toSeconds() * 2.0);
    assertThat(settled.has("palisade_audit_seal_lag_seconds_bucket", Map.of()))
        .as("a histogram, so lag percentiles aggregate across nodes").isTrue();
  }

  @Test
  void readinessFailsWhileSealingIsStalledAndRecoversWhenTheStallEnds() throws SQLException {
    realm.createUser("before-the-stall", PASSWORD);
    audit.awaitSealedUpToNow(realm.name());
    assertThat(ready().status()).isEqualTo(200);

    try (Connection blocker = database.connectAsKeycloak()) {
      blocker.setAutoCommit(false);
      lockChainHead(blocker, realm.resource().toRepresentation().getId());
      realm.createUser("during-the-stall", PASSWORD);
      long stalledAt = System.nanoTime();

      Rest.Response stalled = Eventually.until("readiness DOWN while the head is locked",
          STALL_NOTICED, MetricsAndHealthIT::ready, r -> r.status() == 503);
      // Measured, not asserted: the bound plus up to one sampling interval is expected.
      System.out.printf("readiness DOWN %.1f s after the stalled record (bound %d s)%n",
          (System.nanoTime() - stalledAt) / 1e9, MAX_SEAL_LAG_SECONDS);
      assertThat(sealingCheck(stalled)).containsEntry("status", "DOWN");
      assertThat(scrape().value("palisade_audit_pending_records", Map.of()))
          .as("the record made during the stall waits").isGreaterThanOrEqualTo(1);
      assertThat(scrape().value("palisade_audit_oldest_pending_age_seconds", Map.of()))
          .isGreaterThan(MAX_SEAL_LAG_SECONDS);
      blocker.rollback();
    }
    long releasedAt = System.nanoTime();

    Rest.Response recovered = Eventually.until("readiness UP once the lock is gone",
        STALL_NOTICED, MetricsAndHealthIT::ready, r -> r.status() == 200);
    System.out.printf("readiness UP %.1f s after the lock was released%n",
        (System.nanoTime() - releasedAt) / 1e9);
    assertThat(sealingCheck(recovered)).containsEntry("status", "UP");
    audit.awaitSingle(realm.name(), Map.of("action", "USER_CREATE",
        "target", realm.resource().users().search("during-the-stall").get(0).getId()));
  }

  /** How many of the realm's records, all sealed by now, match {@code filters}. */
  private int sealedRecords(Map<String, String> filters) {
    audit.awaitSealedUpToNow(realm.name());
    return audit.events(realm.name(), filters).size();
  }

  /** Holds the realm's chain head as the sealer would, until {@code blocker} ends. */
  private static void lockChainHead(Connection blocker, String realmId) throws SQLException {
    try (PreparedStatement lock = blocker.prepareStatement(
        "select seq from palisade_audit_head where realm_id = ? for update")) {
      lock.setString(1, realmId);
      try (ResultSet head = lock.executeQuery()) {
        assertThat(head.next()).as("the realm has a chain head to lock").isTrue();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sealingCheck(Rest.Response health) {
    return ((List<Map<String, Object>>) health.json().get("checks")).stream()
        .filter(check -> "Palisade audit sealing".equals(check.get("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no sealing check in " + health));
  }

  private static Rest.Response ready() {
    return Rest.send("GET", management() + "/health/ready", null, null, null);
  }

  private static Scrape scrape() {
    Rest.Response response = Rest.send("GET", management() + "/metrics", null, null, null);
    assertThat(response.status()).isEqualTo(200);
    return new Scrape(response.body());
  }

  private static String management() {
    return "http://" + container.getHost() + ":" + container.getMappedPort(9000);
  }

  /** One scrape in Prometheus' text format. */
  private record Scrape(String text) {

    private static final Pattern SAMPLE =
        Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** The sum of the series of {@code name} carrying {@code labels}; 0 when there is none. */
    double value(String name, Map<String, String> labels) {
      return text.lines().map(line -> sample(line, name, labels))
          .filter(v -> v != null).mapToDouble(Double::doubleValue).sum();
    }

    boolean has(String name, Map<String, String> labels) {
      return text.lines().anyMatch(line -> sample(line, name, labels) != null);
    }

    private static Double sample(String line, String name, Map<String, String> labels) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
        return null;
      }
      Map<String, String> found = new HashMap<>();
      Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
      while (label.find()) {
        found.put(label.group(1), label.group(2));
      }
      return found.entrySet().containsAll(labels.entrySet())
          ? Double.parseDouble(sample.group(3)) : null;
    }
  }
}
