package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.chain.ChainHash;
import dev.palisade.testing.AuditApi;
import dev.palisade.testing.OfflineVerifier;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.TestRealm;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The Python recipe of docs/audit.md ({@code docs/verify-export.py}) run as an auditor would,
 * on real exports of the Palisade image: the format is checkable with ordinary tools, and the
 * recipe in the docs keeps working as the format moves.
 */
@ExtendWith(PalisadeServer.class)
class AuditRecipeIT {

  private static final String CLIENT = "recipe-app";
  private static final String PASSWORD = "correct-horse-battery-staple";
  // Quotes, a backslash, markup, right-to-left override, a control character (stored as U+FFFD)
  // and an emoji: what an attacker types into the username field lands in the record.
  private static final String HOSTILE_USERNAME =
      "\u202Eadmin\" OR 1=1 --\\ <script>\u0007 \uD83D\uDE00";
  private static final String HASH_MEMBER = ",\"hash\":\"";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AuditApi audit;
  private static TestRealm realm;

  @BeforeAll
  static void recordSomeActions(PalisadeServer server) {
    audit = new AuditApi(server);
    realm = TestRealm.create(server);
    realm.createPublicClient(CLIENT);
    createUser("zoe", "Zoë 😀", "שלום 👩‍👩‍👧");
    OidcLoginDriver.begin(server, realm, CLIENT).loginWithPassword(HOSTILE_USERNAME, PASSWORD);
    RealmRepresentation settings = realm.resource().toRepresentation();
    settings.setDisplayName("Ünïcødé ✓ 日本 😀");
    realm.resource().update(settings);

    audit.awaitEvents(realm.name(), Map.of("action", "LOGIN", "outcome", "failure"),
        list -> !list.isEmpty());
    audit.awaitEvents(realm.name(), Map.of("action", "REALM_UPDATE"), list -> !list.isEmpty());
  }

  @AfterAll
  static void deleteRealm() {
    if (realm != null) {
      realm.close();
    }
  }

  @Test
  void aRealExportVerifiesWithThePythonRecipeAsWithTheShippedVerifier() {
    String export = audit.export(realm.name(), Map.of());
    String jwks = audit.jwks(realm.name());
    assertThat(export).contains("Zoë 😀", "👩‍👩‍👧", "✓ 日本", "<script>\uFFFD \uD83D\uDE00");

    OfflineVerifier.Result python = OfflineVerifier.verifyWithPython(export, jwks);

    int records = (int) export.lines().count() - 1;
    assertThat(python.exitCode()).as(python.output()).isZero();
    assertThat(python.output()).startsWith("OK: " + records + " records, chain head ");
    var java = OfflineVerifier.verify(export, jwks);
    assertThat(java.exitCode()).as(java.output()).isZero();
    assertThat(headHash(python.output())).isEqualTo(headHash(java.output()));
  }

  @Test
  void anEditedRecordFailsAtItsSeq() {
    List<String> lines = new ArrayList<>(audit.export(realm.name(), Map.of()).lines().toList());
    int failedLogin = indexOf(lines, "\"outcome\":\"failure:");

    lines.set(failedLogin, lines.get(failedLogin).replace("\"action\":\"LOGIN\"",
        "\"action\":\"LOGOUT\""));

    OfflineVerifier.Result python = OfflineVerifier.verifyWithPython(
        String.join("\n", lines) + "\n", audit.jwks(realm.name()));
    assertThat(python.exitCode()).as(python.output()).isEqualTo(1);
    assertThat(python.output()).startsWith("FAILED at seq " + (failedLogin + 1) + ":");
  }

  @Test
  void aTrustedCheckpointFromAnEarlierExportMustLieOnTheChain() {
    List<String> earlier = audit.export(realm.name(), Map.of()).lines().toList();
    Map<String, Object> saved = json(earlier.get(earlier.size() - 1));
    createUser("yuki", "Yuki 雪", "❄");
    audit.awaitEvents(realm.name(), Map.of("action", "USER_CREATE"), list -> list.size() == 2);
    String later = audit.export(realm.name(), Map.of());
    String jwks = audit.jwks(realm.name());

    OfflineVerifier.Result extended =
        OfflineVerifier.verifyWithPython(later, jwks, (String) saved.get("jws"));
    // Someone who rewrites the first record and every hash after it keeps a consistent chain;
    // the checkpoint saved before still names the old hash at its position.
    OfflineVerifier.Result rewritten = OfflineVerifier.verifyWithPython(
        rewriteFirstRecord(later), jwks, (String) saved.get("jws"));

    assertThat(extended.exitCode()).as(extended.output()).isZero();
    assertThat(extended.output()).contains("extends 1 trusted checkpoint(s)");
    assertThat(rewritten.exitCode()).as(rewritten.output()).isEqualTo(1);
    assertThat(rewritten.output()).startsWith("FAILED at seq " + saved.get("seq")
        + ": the chain differs from trusted checkpoint");
  }

  private static void createUser(String username, String firstName, String lastName) {
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setFirstName(firstName);
    user.setLastName(lastName);
    user.setEmail(username + "@palisade.test");
    user.setEnabled(true);
    try (Response response = realm.resource().users().create(user)) {
      CreatedResponseUtil.getCreatedId(response);
    }
  }

  /**
   * The export with record 1 changed and every later hash recomputed, the checkpoint kept. An
   * exported line is the record's canonical form with its hash member in sorted place, so the
   * line without that member is what was hashed; "outcome" sorts after "hash", so the edit
   * leaves the member's place alone.
   */
  private static String rewriteFirstRecord(String export) {
    List<String> lines = export.lines().toList();
    StringBuilder rewritten = new StringBuilder();
    String hash = ChainHash.GENESIS;
    for (int i = 0; i < lines.size() - 1; i++) {
      String line = lines.get(i);
      int at = line.lastIndexOf(HASH_MEMBER);
      String canonical = line.substring(0, at) + line.substring(at + HASH_MEMBER.length() + 65);
      if (i == 0) {
        assertThat(canonical).contains("\"outcome\":\"success\"");
        canonical = canonical.replace("\"outcome\":\"success\"", "\"outcome\":\"failure:x\"");
      }
      hash = ChainHash.next(hash, canonical);
      rewritten.append(canonical, 0, at).append(HASH_MEMBER).append(hash).append('"')
          .append(canonical, at, canonical.length()).append('\n');
    }
    return rewritten.append(lines.get(lines.size() - 1)).append('\n').toString();
  }

  private static int indexOf(List<String> lines, String fragment) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(fragment)) {
        return i;
      }
    }
    throw new AssertionError("no line holds " + fragment + ": " + lines);
  }

  private static String headHash(String output) {
    return output.replaceAll("(?s).*chain head ([0-9a-f]{64}).*", "$1");
  }

  private static Map<String, Object> json(String line) {
    try {
      return JSON.readValue(line, new TypeReference<>() { });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
