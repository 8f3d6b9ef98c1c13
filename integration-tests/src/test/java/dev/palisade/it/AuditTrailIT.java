package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.testing.AuditApi;
import dev.palisade.testing.BootstrapAdmin;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.OfflineVerifier;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.TestRealm;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The audit trail on the Palisade image: what it captures, what it never stores, who may read
 * it. Each test works in a realm of its own so that "exactly one record" is meaningful.
 */
@ExtendWith(PalisadeServer.class)
class AuditTrailIT {

  private static final String CLIENT = "audited-app";
  private static final String PASSWORD = "correct-horse-battery-staple";

  private static PalisadeServer server;
  private static AuditApi audit;
  private TestRealm realm;

  @BeforeAll
  static void connect(PalisadeServer palisade) {
    server = palisade;
    audit = new AuditApi(server);
  }

  private TestRealm newRealm() {
    realm = TestRealm.create(server);
    realm.createPublicClient(CLIENT);
    return realm;
  }

  @AfterEach
  void deleteRealm() {
    if (realm != null) {
      realm.close();
    }
  }

  @Nested
  class Capture {

    @Test
    void aSuccessfulLoginLeavesExactlyOneRecord() {
      TestRealm realm = newRealm();
      var alice = realm.createUserWithTotp("alice", PASSWORD);
      String userId = alice.id();

      SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT), "alice", PASSWORD,
          alice.totp()).authorizationCode();

      var record = audit.awaitSingle(realm.name(), Map.of("action", "LOGIN", "target", userId));
      assertThat(record).containsEntry("outcome", "success").containsEntry("realm", realm.name());
      assertThat(record.get("actor"))
          .isEqualTo(Map.of("type", "user", "id", userId, "username", "alice"));
      assertThat(AuditApi.object(record, "details")).containsEntry("clientId", CLIENT);
      assertThat(record.get("hash")).asString().hasSize(64);
    }

    @Test
    void aFailedLoginLeavesExactlyOneFailureRecord() {
      TestRealm realm = newRealm();
      realm.createUser("bob", PASSWORD);

      OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("bob", "wrong-" + PASSWORD);

      var record = audit.awaitSingle(realm.name(),
          Map.of("action", "LOGIN", "outcome", "failure"));
      assertThat(record).containsEntry("outcome", "failure:invalid_user_credentials");
      assertThat(AuditApi.object(record, "actor")).containsEntry("username", "bob");
    }

    @Test
    void anAdminChangeLeavesExactlyOneRecordNamingTheAdmin() {
      TestRealm realm = newRealm();

      String userId = realm.createUser("carol", PASSWORD);

      var record = audit.awaitSingle(realm.name(), Map.of("action", "USER_CREATE"));
      assertThat(record.get("target")).isEqualTo(Map.of("type", "user", "id", userId));
      assertThat(AuditApi.object(record, "actor"))
          .containsEntry("username", "service-account-" + BootstrapAdmin.CLIENT_ID);
    }

    @Test
    void disablingRealmEventsDoesNotStopTheTrail() {
      TestRealm realm = newRealm();
      RealmRepresentation settings = realm.resource().toRepresentation();
      settings.setEventsEnabled(false);
      settings.setAdminEventsEnabled(false);
      settings.setEventsListeners(List.of());
      realm.resource().update(settings);
      var dave = realm.createUserWithTotp("dave", PASSWORD);
      String userId = dave.id();

      SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT), "dave", PASSWORD,
          dave.totp()).authorizationCode();

      assertThat(realm.resource().toRepresentation().getEventsListeners())
          .doesNotContain("palisade-audit");
      audit.awaitSingle(realm.name(), Map.of("action", "LOGIN", "target", userId));
      audit.awaitSingle(realm.name(), Map.of("action", "USER_CREATE"));
    }

    @Test
    void theChainOfARealmVerifies() {
      TestRealm realm = newRealm();
      var erin = realm.createUserWithTotp("erin", PASSWORD);
      SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT), "erin", PASSWORD,
          erin.totp()).authorizationCode();
      audit.awaitEvents(realm.name(), Map.of("action", "LOGIN"), list -> !list.isEmpty());

      // No waiting: verify checks the chain up to the head it read first, so sealing that goes
      // on meanwhile (the reads above are recorded too) cannot make it report a break.
      Map<String, Object> verify = audit.verify(realm.name());

      assertThat(verify).containsEntry("ok", true).containsEntry("firstBadSeq", null)
          .containsEntry("unchained", 0);
      assertThat((Integer) verify.get("events")).isGreaterThanOrEqualTo(3);
    }
  }

  @Nested
  class Secrets {

    @Test
    void neverReachTheStoreFromAdminCalls() {
      TestRealm realm = newRealm();
      String clientSecret = "client-secret-" + UUID.randomUUID();
      String userPassword = "user-password-" + UUID.randomUUID();
      String smtpPassword = "smtp-password-" + UUID.randomUUID();

      realm.createConfidentialClient("backend", clientSecret);
      realm.createUser("frank", userPassword);
      RealmRepresentation settings = realm.resource().toRepresentation();
      settings.setSmtpServer(Map.of("host", "smtp.example", "port", "25",
          "from", "x@example.com", "auth", "true", "user", "mailer", "password", smtpPassword));
      realm.resource().update(settings);

      audit.awaitSingle(realm.name(), Map.of("action", "REALM_UPDATE"));
      String everything = audit.get(realm.name(), "events", Map.of("max", "1000"),
          server.admin().tokenManager().getAccessTokenString()).body();
      assertThat(everything).contains("CLIENT_CREATE", "USER_CREATE")
          .doesNotContain(clientSecret, userPassword, smtpPassword);
    }
  }

  @Nested
  class Access {

    @Test
    void everyReadIsItselfAudited() {
      TestRealm realm = newRealm();

      audit.events(realm.name(), Map.of("action", "NOTHING_LIKE_THIS"));

      // Polling reads the trail too, so more reads follow; the one made above is the oldest.
      var reads = audit.awaitEvents(realm.name(), Map.of("action", "AUDIT_READ"),
          list -> !list.isEmpty());
      var first = reads.get(reads.size() - 1);
      assertThat(AuditApi.object(first, "actor"))
          .containsEntry("username", "service-account-" + BootstrapAdmin.CLIENT_ID);
      assertThat(AuditApi.object(first, "details")).containsEntry("actorRealm", "master")
          .containsEntry("filters", Map.of("action", "NOTHING_LIKE_THIS", "first", "0",
              "max", "100"));
    }

    @Test
    void badQueryInputIsA400WithAJsonErrorAndNoStackTrace() {
      TestRealm realm = newRealm();
      String token = server.admin().tokenManager().getAccessTokenString();

      for (var query : List.of(Map.of("from", "yesterday"), Map.of("max", "100000"),
          Map.of("first", "-1"), Map.of("from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z"))) {
        var response = audit.get(realm.name(), "events", query, token);
        assertThat(response.status()).as("status for %s", query).isEqualTo(400);
        assertThat(response.json(new TypeReference<Map<String, Object>>() { }))
            .containsEntry("error", "invalid_request").containsKey("error_description");
        assertThat(response.body()).doesNotContain("Exception", "at dev.", "at org.");
      }
    }

    @Test
    void aTenantAdminOfAnotherRealmIsRefused() {
      TestRealm victim = newRealm();
      try (TestRealm other = TestRealm.create(server)) {
        other.createPublicClient(CLIENT);
        var mallory = other.createUserWithTotp("mallory", PASSWORD);
        other.grantRealmManagementRoles(mallory.id(), "view-events", "view-users");
        String token = (String) SecondFactorSteps.signIn(OidcLoginDriver.begin(server, other,
            CLIENT), "mallory", PASSWORD, mallory.totp()).exchangeCode().get("access_token");

        assertThat(audit.get(other.name(), "events", Map.of(), token).status())
            .as("own realm").isEqualTo(200);
        assertThat(audit.get(victim.name(), "events", Map.of(), token).status())
            .as("another realm").isIn(401, 403);
        assertThat(audit.get(victim.name(), "verify", Map.of(), token).status())
            .as("another realm's verify").isIn(401, 403);
      }
    }

    @Test
    void aMemberWithoutViewEventsIsRefused() {
      TestRealm realm = newRealm();
      var grace = realm.createUserWithTotp("grace", PASSWORD);
      String token = (String) SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm,
          CLIENT), "grace", PASSWORD, grace.totp()).exchangeCode().get("access_token");

      assertThat(audit.get(realm.name(), "events", Map.of(), token).status()).isEqualTo(403);
    }
  }

  @Nested
  class Export {

    @Test
    void jsonlEndsWithASignedCheckpointThatTheShippedVerifierAccepts() {
      TestRealm realm = newRealm();
      var ivan = realm.createUserWithTotp("ivan", PASSWORD);
      SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm, CLIENT), "ivan", PASSWORD,
          ivan.totp()).authorizationCode();
      audit.awaitEvents(realm.name(), Map.of("action", "LOGIN"), list -> !list.isEmpty());

      String export = audit.export(realm.name(), Map.of("format", "jsonl"));

      List<String> lines = export.lines().toList();
      assertThat(lines.get(0)).contains("\"seq\":1,");
      assertThat(lines.get(lines.size() - 1)).contains("\"type\":\"checkpoint\"");
      var offline = OfflineVerifier.verify(export, audit.jwks(realm.name()));
      assertThat(offline.exitCode()).as(offline.output()).isZero();
      assertThat(offline.output()).startsWith("OK: " + (lines.size() - 1) + " records");
    }

    @Test
    void anExportEditedAfterwardsFailsOfflineAtTheEditedRecord() {
      TestRealm realm = newRealm();
      realm.createUser("judy", PASSWORD);
      realm.createUser("karl", PASSWORD);
      audit.awaitEvents(realm.name(), Map.of("action", "USER_CREATE"), list -> list.size() == 2);
      List<String> lines = new ArrayList<>(audit.export(realm.name(), Map.of()).lines().toList());

      lines.set(1, lines.get(1).replace("\"outcome\":\"success\"", "\"outcome\":\"failure:x\""));

      var offline = OfflineVerifier.verify(String.join("\n", lines) + "\n",
          audit.jwks(realm.name()));
      assertThat(offline.exitCode()).as(offline.output()).isEqualTo(1);
      assertThat(offline.output()).contains("FAILED at seq 2");
    }

    @Test
    void csvHasAHeaderAndDefusesSpreadsheetFormulas() {
      TestRealm realm = newRealm();

      OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword("=1+1", PASSWORD);
      audit.awaitEvents(realm.name(), Map.of("action", "LOGIN"), list -> !list.isEmpty());
      String csv = audit.export(realm.name(), Map.of("format", "csv", "action", "LOGIN"));

      assertThat(csv.lines().findFirst()).contains("seq,id,time,realm,actor_type,actor_id,"
          + "actor_username,action,target_type,target_id,outcome,ip,user_agent,details,hash");
      assertThat(csv).contains(",'=1+1,").doesNotContain(",=1+1,");
    }

    @Test
    void checkpointsAreJwsThatAnyJoseLibraryVerifiesWithThePublishedJwks() throws Exception {
      TestRealm realm = newRealm();
      realm.createUser("liam", PASSWORD);
      audit.awaitEvents(realm.name(), Map.of("action", "USER_CREATE"), list -> !list.isEmpty());
      audit.export(realm.name(), Map.of());
      String token = server.admin().tokenManager().getAccessTokenString();

      // The export signs its checkpoint in a transaction of its own; the list is read until it
      // shows.
      var checkpoints = Eventually.until("a checkpoint of " + realm.name(), Eventually.PATIENCE,
          () -> audit.get(realm.name(), "checkpoints", Map.of(), token)
              .json(new TypeReference<List<Map<String, Object>>>() { }), list -> !list.isEmpty());
      Map<String, Object> newest = checkpoints.get(0);
      JsonWebKeySet jwks = new JsonWebKeySet(audit.get(realm.name(), "keys", Map.of(), token).body());
      JsonWebSignature jws = new JsonWebSignature();
      jws.setAlgorithmConstraints(new AlgorithmConstraints(
          AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.EDDSA));
      jws.setCompactSerialization((String) newest.get("jws"));
      jws.setKey(jwks.findJsonWebKey(jws.getKeyIdHeaderValue(), "OKP", "sig", null).getKey());

      assertThat(newest).containsEntry("alg", "EdDSA").containsEntry("v", 2);
      assertThat(jws.verifySignature()).isTrue();
      Map<String, Object> payload = new ObjectMapper().readValue(jws.getPayload(),
          new TypeReference<Map<String, Object>>() { });
      assertThat(payload).containsEntry("realm", realm.name())
          .containsEntry("seq", newest.get("seq")).containsEntry("hash", newest.get("hash"));
      assertThat(jws.getKeyIdHeaderValue()).isEqualTo(newest.get("kid"));
    }

    @Test
    void anOperatorRotatesTheKeyAndExportsStillVerifyAgainstCheckpointsOfTheOldOne() {
      TestRealm realm = newRealm();
      realm.createUser("olga", PASSWORD);
      audit.awaitEvents(realm.name(), Map.of("action", "USER_CREATE"), list -> !list.isEmpty());
      audit.export(realm.name(), Map.of());
      Map<String, Object> beforeRotation = audit.checkpoints(realm.name()).get(0);
      realm.createUser("piet", PASSWORD);
      audit.awaitEvents(realm.name(), Map.of("action", "USER_CREATE"), list -> list.size() == 2);
      String operator = server.admin().tokenManager().getAccessTokenString();

      var rotated = Rest.send("POST", server.baseUrl() + "/admin/realms/" + realm.name()
          + "/audit/keys/rotate", operator, null, null);

      assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
      String newKid = (String) rotated.json(new TypeReference<Map<String, Object>>() { }).get("kid");
      assertThat(audit.jwks(realm.name())).contains(newKid)
          .contains((String) beforeRotation.get("kid"));
      assertThat(audit.checkpoints(realm.name()).get(0)).containsEntry("kid", newKid);
      audit.awaitEvents(realm.name(), Map.of("action", "AUDIT_KEY_ROTATED"), list -> !list.isEmpty());
      var offline = OfflineVerifier.verify(audit.export(realm.name(), Map.of()),
          audit.jwks(realm.name()), (String) beforeRotation.get("jws"));
      assertThat(offline.exitCode()).as(offline.output()).isZero();
      assertThat(offline.output()).contains("extends 1 trusted checkpoint(s)");
    }

    @Test
    void aTenantOwnerCannotRotateTheKey() {
      TestRealm realm = newRealm();
      var owner = realm.createUserWithTotp("owner", PASSWORD);
      realm.grantRealmManagementRoles(owner.id(), "realm-admin");
      String token = (String) SecondFactorSteps.signIn(OidcLoginDriver.begin(server, realm,
          CLIENT), "owner", PASSWORD, owner.totp()).exchangeCode().get("access_token");
      Eventually.until("the first checkpoint of " + realm.name(), Eventually.PATIENCE,
          () -> audit.checkpoints(realm.name()), list -> !list.isEmpty());
      String keysBefore = audit.jwks(realm.name());

      var refused = Rest.send("POST", server.baseUrl() + "/admin/realms/" + realm.name()
          + "/audit/keys/rotate", token, null, null);

      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.body()).contains("operator_only");
      assertThat(audit.jwks(realm.name())).isEqualTo(keysBefore);
    }

    @Test
    void badExportRequestsAreA400() {
      TestRealm realm = newRealm();
      String token = server.admin().tokenManager().getAccessTokenString();

      for (var query : List.of(Map.of("format", "xml"), Map.of("max", "10"),
          Map.of("from", "last week"))) {
        var response = audit.get(realm.name(), "export", query, token);
        assertThat(response.status()).as("status for %s", query).isEqualTo(400);
        assertThat(response.body()).contains("invalid_request");
      }
    }
  }
}
