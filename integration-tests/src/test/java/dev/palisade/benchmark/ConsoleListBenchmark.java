package dev.palisade.benchmark;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.palisade.testing.BulkRecords;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeInstance;
import dev.palisade.testing.PalisadeOnPostgres;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.Tenants;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/**
 * What the admin console's Palisade lists cost next to Keycloak's own user list, measured, not
 * asserted (run with -Pbenchmark, see docs/benchmarks.md). One tenant on PostgreSQL with
 * {@code palisade.benchmark.members} members and a trail of
 * {@code palisade.benchmark.records} sign-in records; the first page (20 members, each with
 * an authenticator app and a real sign-in) is asked for through the three endpoints in turn,
 * one request each, so all three see the same server at the same moment:
 * <ul>
 *   <li>Keycloak's {@code GET …/users?briefRepresentation=true}, the stock Users list;</li>
 *   <li>Palisade's {@code GET …/permissions/members} (role, effective permissions, overrides,
 *       what the caller may change);</li>
 *   <li>Palisade's {@code GET …/mfa/users} (factors, the last sign-in with a factor read from
 *       the trail, whether the caller may reset).</li>
 * </ul>
 */
class ConsoleListBenchmark {

  private static final int MEMBERS = Integer.getInteger("palisade.benchmark.members", 1_000);
  private static final int RECORDS = Integer.getInteger("palisade.benchmark.records", 1_000_000);
  private static final int REQUESTS = Integer.getInteger("palisade.benchmark.requests", 200);
  private static final int ROUNDS = Integer.getInteger("palisade.benchmark.rounds", 3);
  private static final int PAGE = 20;
  private static final String CLIENT = "bench-app";
  private static final String PASSWORD = "correct-horse-battery-staple";

  @Test
  void firstPages() throws Exception {
    TestDatabase database = TestDatabase.load().newDatabase("lists");
    try (GenericContainer<?> container = PalisadeOnPostgres.productionContainer(database)
        .withEnv("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g")) {
      container.start();
      PalisadeInstance server = PalisadeOnPostgres.instanceOf(container);
      Tenants tenants = new Tenants(server);
      TestRealm tenant = tenants.provision(Tenants.freshName("lists"), "teams");
      tenant.createPublicClient(CLIENT);
      String realmId = tenant.resource().toRepresentation().getId();

      // The first page: members who sort first, each with an app and a sign-in with it.
      for (int i = 0; i < PAGE; i++) {
        String username = String.format("a%02d", i);
        var member = tenant.createMember(username, PASSWORD, i % 2 == 0 ? "editor" : "viewer");
        SecondFactorSteps.signIn(OidcLoginDriver.begin(server, tenant, CLIENT), username,
            PASSWORD, member.totp()).exchangeCode();
      }
      importMembers(server, tenant, tenants.operatorToken());
      try (Connection db = database.connectAsKeycloak()) {
        BulkRecords.queue(db, realmId, tenant.name(), 1, RECORDS);
        BulkRecords.awaitChained(db, realmId, BulkRecords.MILLION_CHAINED);
      }
      System.out.printf("BENCH lists: %d members, %d trail records; %d rounds of %d requests"
          + " per endpoint, interleaved, page of %d, an operator's token%n",
          MEMBERS + PAGE, RECORDS, ROUNDS, REQUESTS, PAGE);

      String base = server.baseUrl() + "/admin/realms/" + tenant.name() + "/";
      Map<String, String> endpoints = new LinkedHashMap<>();
      endpoints.put("Keycloak users", base + "users?briefRepresentation=true&first=0&max=" + PAGE);
      endpoints.put("Palisade permissions/members", base + "permissions/members?first=0&max="
          + PAGE);
      endpoints.put("Palisade mfa/users", base + "mfa/users?first=0&max=" + PAGE);
      endpoints.put("Keycloak users, search", base
          + "users?briefRepresentation=true&first=0&max=" + PAGE + "&search=m01");
      endpoints.put("Palisade mfa/users, search", base + "mfa/users?first=0&max=" + PAGE
          + "&search=m01");
      measure(endpoints, tenants, REQUESTS / 4); // warm-up, not reported
      Map<String, List<Double>> medians = new LinkedHashMap<>();
      Map<String, List<Long>> all = new LinkedHashMap<>();
      for (int round = 0; round < ROUNDS; round++) {
        Map<String, List<Long>> latencies = measure(endpoints, tenants, REQUESTS);
        latencies.forEach((name, nanos) -> {
          medians.computeIfAbsent(name, n -> new ArrayList<>())
              .add(Stats.percentile(nanos, 0.5) / 1e6);
          all.computeIfAbsent(name, n -> new ArrayList<>()).addAll(nanos);
        });
      }
      double stock = Stats.median(medians.get("Keycloak users"));
      double stockSearch = Stats.median(medians.get("Keycloak users, search"));
      medians.forEach((name, perRound) -> System.out.printf(
          "BENCH lists: %-32s median %.1f ms (rounds %s), p95 %.1f ms, %.2f× Keycloak's list%n",
          name, Stats.median(perRound), perRound.stream().map(ms -> Math.round(ms * 10) / 10.0)
              .toList(), Stats.percentile(all.get(name), 0.95) / 1e6,
          Stats.median(perRound) / (name.contains("search") ? stockSearch : stock)));
    }
  }

  /** {@code requests} of each endpoint, one of each in turn; nanoseconds per endpoint. */
  private static Map<String, List<Long>> measure(Map<String, String> endpoints, Tenants tenants,
      int requests) {
    Map<String, List<Long>> latencies = new LinkedHashMap<>();
    for (int i = 0; i < requests; i++) {
      String token = tenants.operatorToken();
      for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
        long start = System.nanoTime();
        Rest.Response response = Rest.send("GET", endpoint.getValue(), token, null, null);
        long elapsed = System.nanoTime() - start;
        if (response.status() != 200) {
          throw new IllegalStateException(endpoint.getKey() + ": " + response.status() + " "
              + response.body());
        }
        latencies.computeIfAbsent(endpoint.getKey(), name -> new ArrayList<>()).add(elapsed);
      }
    }
    return latencies;
  }

  /** The other members, through Keycloak's partial import: editors and viewers, no factor. */
  private static void importMembers(PalisadeInstance server, TestRealm tenant, String token) {
    for (int from = 0; from < MEMBERS; from += 500) {
      List<Map<String, Object>> users = new ArrayList<>();
      for (int i = from; i < Math.min(MEMBERS, from + 500); i++) {
        String username = String.format("m%05d", i);
        users.add(Map.of("username", username, "email", username + "@palisade.test",
            "enabled", true, "realmRoles", List.of(i % 2 == 0 ? "editor" : "viewer")));
      }
      Rest.Response imported = Rest.send("POST", server.baseUrl() + "/admin/realms/"
          + tenant.name() + "/partialImport", token, "application/json",
          Rest.json(Map.of("ifResourceExists", "SKIP", "users", users)));
      if (imported.status() != 200) {
        throw new IllegalStateException("partial import: " + imported.status() + " "
            + imported.body());
      }
    }
  }
}
