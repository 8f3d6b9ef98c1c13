package dev.palisade.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.type.TypeReference;
import org.awaitility.Awaitility;

/** Client of {@code /admin/realms/{realm}/audit}, as the master admin or with any token. */
public final class AuditApi {

  private final PalisadeInstance server;

  public AuditApi(PalisadeInstance server) {
    this.server = server;
  }

  /** Sealed records of {@code realm} matching {@code filters}, as the master admin. */
  public List<Map<String, Object>> events(String realm, Map<String, String> filters) {
    Rest.Response response = get(realm, "events", filters, adminToken());
    response.requireOk();
    return response.json(new TypeReference<>() { });
  }

  /** {@code /verify} of {@code realm} (incremental: from its newest checkpoint), as the master admin. */
  public Map<String, Object> verify(String realm) {
    return verify(realm, Map.of());
  }

  /** {@code /verify?full=true} of {@code realm}: every record hashed again from the first. */
  public Map<String, Object> verifyFully(String realm) {
    return verify(realm, Map.of("full", "true"));
  }

  private Map<String, Object> verify(String realm, Map<String, String> query) {
    Rest.Response response = get(realm, "verify", query, adminToken());
    response.requireOk();
    return response.json(new TypeReference<>() { });
  }

  /** The realm's checkpoints, newest first, as the master admin. */
  public List<Map<String, Object>> checkpoints(String realm) {
    Rest.Response response = get(realm, "checkpoints", Map.of(), adminToken());
    response.requireOk();
    return response.json(new TypeReference<>() { });
  }

  /** The body of {@code /export} with {@code query}, as the master admin; fails unless 200. */
  public String export(String realm, Map<String, String> query) {
    Rest.Response response = get(realm, "export", query, adminToken());
    response.requireOk();
    return response.body();
  }

  /** URL of the realm's unfiltered JSONL export, for callers that stream it themselves. */
  public String exportUrl(String realm) {
    return server.baseUrl() + "/admin/realms/" + realm + "/audit/export";
  }

  /** The realm's audit keys as the JWKS document {@code …/audit/keys} publishes. */
  public String jwks(String realm) {
    Rest.Response response = get(realm, "keys", Map.of(), adminToken());
    response.requireOk();
    return response.body();
  }

  /** Waits until the records matching {@code filters} satisfy {@code condition}. */
  public List<Map<String, Object>> awaitEvents(String realm, Map<String, String> filters,
      Predicate<List<Map<String, Object>>> condition) {
    return Awaitility.await("audit records " + filters + " in " + realm)
        .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
        .until(() -> events(realm, filters), condition);
  }

  /**
   * Waits for exactly one record matching {@code filters}: sealed, then still alone once
   * everything committed up to now is sealed too ({@link #awaitSealedUpToNow}).
   */
  public Map<String, Object> awaitSingle(String realm, Map<String, String> filters) {
    awaitEvents(realm, filters, list -> !list.isEmpty());
    awaitSealedUpToNow(realm);
    List<Map<String, Object>> records = events(realm, filters);
    if (records.size() != 1) {
      throw new AssertionError("expected exactly one record for " + filters + ": " + records);
    }
    return records.get(0);
  }

  /**
   * Waits until every record of {@code realm} committed before this call is sealed. Every read
   * of the trail is itself recorded, and the sealer chains the queue oldest first; so once the
   * record of a read made after this moment shows up sealed, so has everything before it.
   */
  public void awaitSealedUpToNow(String realm) {
    String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    awaitEvents(realm, Map.of("action", "AUDIT_READ", "from", now), list -> !list.isEmpty());
  }

  /** A raw GET of {@code /admin/realms/{realm}/audit/{path}} with {@code bearerToken}. */
  public Rest.Response get(String realm, String path, Map<String, String> query,
      String bearerToken) {
    String queryString = query.isEmpty() ? "" : "?" + OidcLoginDriver.formEncode(query);
    return Rest.send("GET", server.baseUrl() + "/admin/realms/" + realm + "/audit/" + path
        + queryString, bearerToken, null, null);
  }

  /** A nested object of a record, such as its {@code actor} or {@code details}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Map<String, Object> record, String field) {
    return (Map<String, Object>) record.get(field);
  }

  private String adminToken() {
    return server.admin().tokenManager().getAccessTokenString();
  }
}
