package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
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
import dev.palisade.audit.chain.ChainHash;
import dev.palisade.testing.AuditApi;
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
        "truncate palisade_audit_chain"})
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

      var verify = audit.verify(realm.name());
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
        hash = ChainHash.next(hash, ChainHash.canonical(view));
        rewrite.append(" update palisade_audit_chain set hash = '").append(hash)
            .append("' where event_id = '").append(record.get("id")).append("';");
      }
      asSuperuser(rewrite.toString());

      var verify = audit.verify(realm.name());
      assertThat(verify).containsEntry("ok", false);
      assertThat(AuditApi.object(verify, "checkpoint")).containsEntry("valid", false)
          .containsEntry("seq", records.size());
    }

    @Test
    void whenARecordIsInsertedBehindPalisadesBack() throws Exception {
      asSuperuser("insert into palisade_audit_event (id, realm_id, realm_name, event_time, action, outcome)"
          + " values ('" + UUID.randomUUID() + "', '%1$s', 'forged', 0, 'LOGIN', 'success')");

      assertThat(audit.verify(realm.name())).containsEntry("ok", false).containsEntry("unchained", 1);
    }
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
    var offline = OfflineVerifier.verify(export, audit.newestPublicKey(realm.name()));
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
    assertThat(audit.verify(realm.name())).containsEntry("ok", false)
        .containsEntry("firstBadSeq", (int) seq);
    var offline = OfflineVerifier.verify(audit.export(realm.name(), Map.of()),
        audit.newestPublicKey(realm.name()));
    assertThat(offline.exitCode()).as(offline.output()).isEqualTo(1);
    assertThat(offline.output()).contains("FAILED at seq " + seq + ":");
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
