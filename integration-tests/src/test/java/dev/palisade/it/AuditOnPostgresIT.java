package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.chain.ChainFormat;
import dev.palisade.audit.chain.ChainHash;
import dev.palisade.audit.chain.Checkpoint;
import dev.palisade.testing.AuditApi;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.OfflineVerifier;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeOnPostgres;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.TestRealm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audit trail where production keeps it, PostgreSQL: the role Keycloak connects with
 * cannot change or remove records, and an attacker who can (the database superuser) is caught
 * by verify at the first record touched.
 */
@ExtendWith(PalisadeOnPostgres.class)
class AuditOnPostgresIT {

  private static final int RECORDS = 5;

  private static PalisadeOnPostgres server;
  private static AuditApi audit;
  private TestRealm realm;

  @BeforeAll
  static void connect(PalisadeOnPostgres palisade) {
    server = palisade;
    audit = new AuditApi(server);
  }

  /** A realm whose chain holds exactly RECORDS user-creation records, sealed. */
  @BeforeEach
  void realmWithASealedChain() {
    realm = TestRealm.create(server);
    for (int i = 1; i <= RECORDS; i++) {
      realm.createUser("user" + i, "correct-horse-battery-staple-" + i);
    }
    audit.awaitEvents(realm.name(), Map.of("action", "USER_CREATE"),
        list -> list.size() == RECORDS);
    assertThat(audit.verify(realm.name())).containsEntry("ok", true);
  }

  @AfterEach
  void deleteRealm() {
    realm.close();
  }

  @Nested
  class TheKeycloakDatabaseRole {

    @ParameterizedTest
    @ValueSource(strings = {
        "update palisade_audit_event set action = 'LOGIN' where realm_id = '%s'",
        "delete from palisade_audit_event where realm_id = '%s'",
        "update palisade_audit_chain set hash = repeat('0', 64) where realm_id = '%s'",
        "delete from palisade_audit_chain where realm_id = '%s'",
        "truncate palisade_audit_event",
        "truncate palisade_audit_chain",
        "delete from palisade_audit_key where realm_id = '%s'",
        "truncate palisade_audit_key"})
    void cannotChangeOrRemoveRecords(String statement) throws Exception {
      try (Connection keycloak = server.database().connectAsKeycloak()) {
        assertThatThrownBy(() -> keycloak.createStatement()
            .execute(statement.formatted(realmId())))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("immutable");
      }
      assertThat(audit.verify(realm.name())).containsEntry("ok", true);
    }
  }

  @Nested
  class VerifyPointsAtTheFirstTamperedRecord {

    @Test
    void whenARecordIsEdited() throws Exception {
      asSuperuser("update palisade_audit_event set actor_username = 'nobody'"
          + " where id = (select event_id from palisade_audit_chain where realm_id = '%1$s' and seq = 3)");

      assertServerAndOfflineVerifiersFailAt(3);
    }

    @Test
    void whenARecordIsDeleted() throws Exception {
      asSuperuser("delete from palisade_audit_event"
          + " where id = (select event_id from palisade_audit_chain where realm_id = '%1$s' and seq = 2)");

      assertServerAndOfflineVerifiersFailAt(2);
    }

    @Test
    void whenARecordIsDeletedWithItsChainLink() throws Exception {
      asSuperuser("delete from palisade_audit_event"
          + " where id = (select event_id from palisade_audit_chain where realm_id = '%1$s' and seq = 4);"
          + " delete from palisade_audit_chain where realm_id = '%1$s' and seq = 4");

      assertServerAndOfflineVerifiersFailAt(4);
    }

    @Test
    void whenTwoRecordsAreSwapped() throws Exception {
      // Three steps: (realm, seq) is unique at every statement.
      asSuperuser("update palisade_audit_chain set seq = -2 where realm_id = '%1$s' and seq = 2;"
          + " update palisade_audit_chain set seq = 2 where realm_id = '%1$s' and seq = 4;"
          + " update palisade_audit_chain set seq = 4 where realm_id = '%1$s' and seq = -2");

      assertServerAndOfflineVerifiersFailAt(2);
    }

    @Test
    void whenTheNewestRecordIsCutOff() throws Exception {
      asSuperuser("delete from palisade_audit_event where id = (select event_id from palisade_audit_chain"
          + " where realm_id = '%1$s' and seq = (select max(seq) from palisade_audit_chain where realm_id = '%1$s'));"
          + " delete from palisade_audit_chain where realm_id = '%1$s'"
          + " and seq = (select max(seq) from palisade_audit_chain where realm_id = '%1$s')");

      var verify = audit.verifyFully(realm.name());
      assertThat(verify).containsEntry("ok", false);
      assertThat(((Number) verify.get("firstBadSeq")).longValue())
          .isEqualTo(((Number) verify.get("events")).longValue() + 1);
    }

    @Test
    void whenTheChainIsRewrittenConsistentlyBehindASignedCheckpoint() throws Exception {
      // An export signs a checkpoint at its last record; then the attacker edits record 3 and
      // recomputes every hash from there on, so the chain alone looks intact.
      List<Map<String, Object>> records = parseRecords(audit.export(realm.name(), Map.of()));
      String hash = (String) records.get(1).get("hash");
      StringBuilder rewrite = new StringBuilder("update palisade_audit_event set actor_username"
          + " = 'nobody' where id = '" + records.get(2).get("id") + "';");
      for (Map<String, Object> record : records.subList(2, records.size())) {
        Map<String, Object> view = new TreeMap<>(record);
        view.remove("hash");
        if (record == records.get(2)) {
          Map<String, Object> actor = new TreeMap<>(AuditApi.object(record, "actor"));
          actor.put("username", "nobody");
          view.put("actor", actor);
        }
        hash = ChainHash.next(hash, ChainFormat.ofRecord(view).canonical(view));
        rewrite.append(" update palisade_audit_chain set hash = '").append(hash)
            .append("' where event_id = '").append(record.get("id")).append("';");
      }
      asSuperuser(rewrite.toString());

      for (var verify : List.of(audit.verify(realm.name()), audit.verifyFully(realm.name()))) {
        assertThat(verify).containsEntry("ok", false);
        assertThat(AuditApi.object(verify, "checkpoint")).containsEntry("valid", false)
            .containsEntry("seq", records.size());
      }
    }

    @Test
    void incrementallyWhenARecordPastTheNewestCheckpointIsEdited() throws Exception {
      audit.export(realm.name(), Map.of());
      long checkpointed = newestCheckpointSeq();
      String lateId = realm.createUser("late", "correct-horse-battery-staple-late");
      audit.awaitEvents(realm.name(), Map.of("target", lateId), list -> !list.isEmpty());
      asSuperuser("update palisade_audit_event set outcome = 'success', action = 'LOGOUT'"
          + " where id = (select event_id from palisade_audit_chain where realm_id = '%1$s'"
          + " and seq = " + (checkpointed + 1) + ")");

      assertThat(audit.verify(realm.name())).containsEntry("ok", false)
          .containsEntry("firstBadSeq", (int) (checkpointed + 1));
    }

    @Test
    void whenARecordIsInsertedBehindPalisadesBack() throws Exception {
      asSuperuser("insert into palisade_audit_event (id, realm_id, realm_name, event_time, action, outcome)"
          + " values ('" + UUID.randomUUID() + "', '%1$s', 'forged', 0, 'LOGIN', 'success')");

      assertThat(audit.verifyFully(realm.name())).containsEntry("ok", false).containsEntry("unchained", 1);
    }
  }

  @Nested
  class AnchoredCheckpoints {

    @Test
    void aChainRewrittenBehindItsCheckpointIsNeverSignedAgain() throws Exception {
      List<Map<String, Object>> records = parseRecords(audit.export(realm.name(), Map.of()));
      long checkpointed = newestCheckpointSeq();
      asSuperuser(consistentRewriteFrom(records, 3) + headUpdate(records));
      String afterId = realm.createUser("after", "correct-horse-battery-staple-after");
      audit.awaitEvents(realm.name(), Map.of("target", afterId), list -> !list.isEmpty());

      String export = audit.export(realm.name(), Map.of());

      assertThat(export.lines().reduce((first, second) -> second).orElseThrow())
          .doesNotContain("\"type\":\"checkpoint\"");
      assertThat(newestCheckpointSeq()).isEqualTo(checkpointed);
      assertThat(audit.awaitEvents("master", Map.of("action", "AUDIT_ANCHOR_MISMATCH",
          "target", realmId()), list -> !list.isEmpty()).get(0))
          .containsEntry("outcome", "failure:anchor_mismatch");
      var offline = OfflineVerifier.verify(export, audit.jwks(realm.name()));
      assertThat(offline.exitCode()).as(offline.output()).isEqualTo(1);
      assertThat(offline.output()).contains("does not end with a signed checkpoint");
    }

    @Test
    void keysPlantedInTheTableAreNeitherUsedNorPublishedNorBelieved() throws Exception {
      KeyPair planted = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      String plantedKid = UUID.randomUUID().toString();
      try (Connection keycloak = server.database().connectAsKeycloak()) {
        // Newer than the realm's own key, stored the way a key without sealing is stored.
        keycloak.createStatement().execute("insert into palisade_audit_key"
            + " (kid, realm_id, public_key, private_key, created_at) values ('" + plantedKid
            + "', '" + realmId() + "', '" + base64(planted.getPublic().getEncoded()) + "', '"
            + base64(planted.getPrivate().getEncoded()) + "', "
            + (System.currentTimeMillis() + 86_400_000L) + ")");
      }
      String signedId = realm.createUser("signed", "correct-horse-battery-staple-signed");
      audit.awaitEvents(realm.name(), Map.of("target", signedId), list -> !list.isEmpty());
      audit.export(realm.name(), Map.of());
      Map<String, Object> genuine = audit.checkpoints(realm.name()).get(0);

      assertThat(genuine.get("kid")).isNotEqualTo(plantedKid);
      assertThat(audit.jwks(realm.name())).doesNotContain(plantedKid).contains((String) genuine.get("kid"));

      // A checkpoint signed by the planted key, further on: passed over, not believed.
      long seq = ((Number) genuine.get("seq")).longValue();
      insertCheckpoint(seq + 50, Checkpoint.sign(realm.name(), seq + 50, "ab".repeat(32),
          "2026-12-02T00:00:00Z", plantedKid, planted.getPrivate()));
      var verify = audit.verify(realm.name());
      assertThat(verify).containsEntry("ok", true);
      assertThat(AuditApi.object(verify, "checkpoint")).containsEntry("kid", genuine.get("kid"));

      // One naming the realm's own key with a signature that key never made: forged.
      String jws = (String) genuine.get("jws");
      String[] parts = jws.split("\\.");
      String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
          .replace("\"seq\":" + seq, "\"seq\":" + (seq + 60));
      insertCheckpoint(seq + 60, Checkpoint.fromJws(parts[0] + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(
              payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]));
      var forged = audit.verify(realm.name());
      assertThat(forged).containsEntry("ok", false);
      assertThat(AuditApi.object(forged, "checkpoint")).containsEntry("valid", false)
          .containsEntry("seq", (int) (seq + 60));
    }

    @Test
    void aSavedCheckpointCatchesARewriteEvenWhenTheServersCheckpointsWereDeleted() throws Exception {
      List<Map<String, Object>> records = parseRecords(audit.export(realm.name(), Map.of()));
      String saved = new ObjectMapper().writeValueAsString(audit.checkpoints(realm.name()).get(0));
      // The database owner rewrites record 2 and every link and the head after it, and deletes
      // every checkpoint: the server can no longer tell, and signs the rewritten chain.
      asSuperuser(consistentRewriteFrom(records, 2) + headUpdate(records)
          + " delete from palisade_audit_checkpoint where realm_id = '%1$s';");
      String afterId = realm.createUser("after", "correct-horse-battery-staple-after");
      audit.awaitEvents(realm.name(), Map.of("target", afterId), list -> !list.isEmpty());

      String export = audit.export(realm.name(), Map.of());

      assertThat(OfflineVerifier.verify(export, audit.jwks(realm.name())).exitCode()).isZero();
      var offline = OfflineVerifier.verify(export, audit.jwks(realm.name()), saved);
      assertThat(offline.exitCode()).as(offline.output()).isEqualTo(1);
      assertThat(offline.output()).contains("trusted checkpoint");
    }
  }

  @Test
  void chainsSealedInFormat1StillVerifyAndGrowInFormat2() throws Exception {
    // The realm's chain as a server before format 2 sealed it: no "v", Jackson-sorted JSON.
    List<Map<String, Object>> records = parseRecords(audit.export(realm.name(), Map.of()));
    StringBuilder toFormat1 = new StringBuilder(
        "delete from palisade_audit_checkpoint where realm_id = '%1$s';");
    String hash = ChainHash.GENESIS;
    for (Map<String, Object> record : records) {
      Map<String, Object> view = new TreeMap<>(record);
      view.remove("hash");
      view.remove("v");
      hash = ChainHash.next(hash, ChainFormat.V1.canonical(view));
      toFormat1.append(" update palisade_audit_chain set chain_format = 1, hash = '").append(hash)
          .append("' where event_id = '").append(record.get("id")).append("';");
    }
    toFormat1.append(" update palisade_audit_head set hash = '").append(hash)
        .append("' where realm_id = '%1$s';");
    asSuperuser(toFormat1.toString());
    assertThat(audit.verifyFully(realm.name())).containsEntry("ok", true);

    String format2Id = realm.createUser("format2", "correct-horse-battery-staple-format2");
    audit.awaitEvents(realm.name(), Map.of("target", format2Id), list -> !list.isEmpty());
    String export = audit.export(realm.name(), Map.of());

    assertThat(audit.verify(realm.name())).containsEntry("ok", true);
    List<Map<String, Object>> exported = parseRecords(export);
    assertThat(exported.get(0)).doesNotContainKey("v");
    assertThat(exported.get(exported.size() - 1)).containsEntry("v", 2);
    var offline = OfflineVerifier.verify(export, audit.jwks(realm.name()));
    assertThat(offline.exitCode()).as(offline.output()).isZero();
  }

  @Test
  void concurrentLoginsAndAdminCallsLeaveOneRecordEachInAChainThatVerifies() throws Exception {
    int threads = 8;
    int loginsPerThread = 10;
    realm.createPublicClient("load-app");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        work.add(pool.submit(() -> {
          // A member each sign-in: Keycloak refuses a TOTP code twice, so one member's sign-ins
          // would queue for fresh codes.
          for (int i = 0; i < loginsPerThread; i++) {
            String username = "member" + thread + "-" + i;
            var member = realm.createUserWithTotp(username, "correct-horse-battery-staple");
            SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, "load-app"), username,
                "correct-horse-battery-staple", member.totp()).exchangeCode();
          }
          return null;
        }));
      }
      for (Future<?> done : work) {
        done.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    int logins = threads * loginsPerThread;
    Map<String, String> all = Map.of("max", "1000");
    audit.awaitEvents(realm.name(), Map.of("action", "CODE_TO_TOKEN", "max", "1000"),
        list -> list.size() >= logins);
    assertThat(audit.events(realm.name(), Map.of("action", "LOGIN", "max", "1000")))
        .hasSize(logins);
    assertThat(audit.events(realm.name(), Map.of("action", "CODE_TO_TOKEN", "max", "1000")))
        .hasSize(logins);
    assertThat(audit.events(realm.name(), Map.of("action", "USER_CREATE", "max", "1000")))
        .hasSize(RECORDS + logins);
    var verify = audit.verify(realm.name());
    assertThat(verify).containsEntry("ok", true).containsEntry("unchained", 0);
    assertThat(((Number) verify.get("events")).longValue())
        .isGreaterThanOrEqualTo(3L * logins + RECORDS);
    assertThat(audit.events(realm.name(), all)).extracting(r -> r.get("seq"))
        .doesNotHaveDuplicates();
  }

  @Test
  void signingKeysAreSealedAtRestAndExportsStillVerifyOffline() throws Exception {
    String export = audit.export(realm.name(), Map.of());

    try (Connection superuser = server.database().connectAsSuperuser();
         var rows = superuser.createStatement().executeQuery(
             "select private_key from palisade_audit_key where realm_id = '" + realmId() + "'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).startsWith("aesgcm:");
    }
    var offline = OfflineVerifier.verify(export, audit.jwks(realm.name()));
    assertThat(offline.exitCode()).as(offline.output()).isZero();
  }

  @Test
  void secretsNeverReachTheDatabase() throws Exception {
    String clientSecret = "client-secret-" + UUID.randomUUID();
    realm.createConfidentialClient("backend", clientSecret);
    audit.awaitEvents(realm.name(), Map.of("action", "CLIENT_CREATE"), list -> !list.isEmpty());

    try (Connection superuser = server.database().connectAsSuperuser();
         var rows = superuser.createStatement().executeQuery(
             "select string_agg(t::text, ' ') from palisade_audit_event t")) {
      rows.next();
      assertThat(rows.getString(1)).contains("CLIENT_CREATE")
          .doesNotContain(clientSecret, "correct-horse-battery-staple-");
    }
  }

  /** Both the server's verify and the shipped verifier on a fresh export name {@code seq}. */
  private void assertServerAndOfflineVerifiersFailAt(long seq) {
    assertThat(audit.verifyFully(realm.name())).containsEntry("ok", false)
        .containsEntry("firstBadSeq", (int) seq);
    var offline = OfflineVerifier.verify(audit.export(realm.name(), Map.of()),
        audit.jwks(realm.name()));
    assertThat(offline.exitCode()).as(offline.output()).isEqualTo(1);
    assertThat(offline.output()).contains("FAILED at seq " + seq + ":");
  }

  private long newestCheckpointSeq() {
    return Eventually.until("a checkpoint of " + realm.name(), Eventually.PATIENCE,
        () -> audit.checkpoints(realm.name()), list -> !list.isEmpty())
        .stream().mapToLong(c -> ((Number) c.get("seq")).longValue()).max().orElseThrow();
  }

  /**
   * SQL that changes record {@code fromSeq}'s actor and recomputes every link from it on, so
   * the chain alone looks intact.
   */
  private static String consistentRewriteFrom(List<Map<String, Object>> records, int fromSeq) {
    String hash = (String) records.get(fromSeq - 2).get("hash");
    StringBuilder rewrite = new StringBuilder("update palisade_audit_event set actor_username"
        + " = 'nobody' where id = '" + records.get(fromSeq - 1).get("id") + "';");
    for (Map<String, Object> record : records.subList(fromSeq - 1, records.size())) {
      Map<String, Object> view = new TreeMap<>(record);
      view.remove("hash");
      if (record == records.get(fromSeq - 1)) {
        Map<String, Object> actor = new TreeMap<>(AuditApi.object(record, "actor"));
        actor.put("username", "nobody");
        view.put("actor", actor);
      }
      hash = ChainHash.next(hash, ChainFormat.ofRecord(view).canonical(view));
      rewrite.append(" update palisade_audit_chain set hash = '").append(hash)
          .append("' where event_id = '").append(record.get("id")).append("';");
      record.put("rewrittenHash", hash);
    }
    return rewrite.toString();
  }

  /** SQL that moves the head to the last rewritten hash. */
  private static String headUpdate(List<Map<String, Object>> records) {
    return " update palisade_audit_head set hash = '"
        + records.get(records.size() - 1).get("rewrittenHash") + "' where realm_id = '%1$s';";
  }

  private void insertCheckpoint(long seq, Checkpoint checkpoint) throws SQLException {
    String jws = checkpoint.signature();
    try (Connection keycloak = server.database().connectAsKeycloak()) {
      keycloak.createStatement().execute("insert into palisade_audit_checkpoint"
          + " (id, realm_id, realm_name, seq, hash, signed_at, kid, signature, jws) values ('"
          + realmId() + ":" + seq + "', '" + realmId() + "', '" + realm.name() + "', " + seq
          + ", '" + checkpoint.hash() + "', '" + checkpoint.time() + "', '" + checkpoint.kid()
          + "', '" + jws.substring(jws.lastIndexOf('.') + 1) + "', '" + jws + "')");
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static List<Map<String, Object>> parseRecords(String jsonl) throws Exception {
    var json = new ObjectMapper();
    List<Map<String, Object>> records = new ArrayList<>();
    for (String line : jsonl.lines().toList()) {
      Map<String, Object> parsed = json.readValue(line,
          new TypeReference<Map<String, Object>>() { });
      if (!"checkpoint".equals(parsed.get("type"))) {
        records.add(parsed);
      }
    }
    return records;
  }

  private void asSuperuser(String statements) throws SQLException {
    try (Connection superuser = server.database().connectAsSuperuser()) {
      // The way an owner of the database server gets past the immutability triggers.
      superuser.createStatement().execute("set session_replication_role = replica; "
          + statements.formatted(realmId()));
    }
  }

  private String realmId() {
    return realm.resource().toRepresentation().getId();
  }
}
