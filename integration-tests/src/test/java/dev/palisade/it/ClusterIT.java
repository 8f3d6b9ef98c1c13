package dev.palisade.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.palisade.testing.AuditApi;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeCluster;
import dev.palisade.testing.PalisadeInstance;
import dev.palisade.testing.ProxyPorts;
import dev.palisade.testing.RawHttp;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.TestTls;
import dev.palisade.testing.Workspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.testcontainers.containers.GenericContainer;

/**
 * Palisade as a cluster (docs/operator.md, "Clustering"): three nodes of the image on one
 * PostgreSQL database behind the edge proxy. Each test drives the nodes one by one or through the
 * proxy and judges the outcome: tokens, lockout state, credentials, and the audit chain read
 * straight from the database.
 *
 * <p>The tests that stop nodes run last, in order: a node killed mid-load, then a rolling restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final String PASSWORD = Workspace.PASSWORD;
  private static final String LEGACY = "legacy-app";
  private static final String LEGACY_SECRET = "legacy-secret";
  private static final HttpClient HTTP = HttpClient.newBuilder().sslContext(TestTls.context())
      .build();

  private PalisadeCluster cluster;
  private PalisadeInstance proxy;
  private Workspace workspace;

  @BeforeAll
  void startCluster() {
    cluster = PalisadeCluster.start();
    proxy = cluster.viaProxy();
    workspace = Workspace.provision(proxy, "cluster");
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void signInsSpreadOverTheNodesAndASessionRefreshesOnEveryNode() {
    Map<String, Long> before = ProxyPorts.requestsPerServer(cluster.proxyStats());
    Map<String, Object> tokens = null;
    for (int i = 0; i < 3; i++) {
      var member = workspace.member("spread" + i, "viewer");
      tokens = SecondFactorSteps.signIn(OidcLoginDriver.begin(proxy, workspace.tenant(),
          Workspace.APP), "spread" + i, PASSWORD, member.totp()).exchangeCode();
      assertThat(tokens).containsKey("access_token");
    }
    Map<String, Long> after = ProxyPorts.requestsPerServer(cluster.proxyStats());

    assertThat(after).as("servers up").hasSize(PalisadeCluster.NODES);
    after.forEach((server, requests) -> assertThat(requests - before.getOrDefault(server, 0L))
        .as("requests the proxy sent to " + server).isPositive());
    String refreshToken = (String) tokens.get("refresh_token");
    for (int node = 0; node < PalisadeCluster.NODES; node++) {
      var refreshed = Rest.postForm(tokenEndpoint(cluster.node(node), workspace.name()), Map.of(
          "grant_type", "refresh_token", "client_id", Workspace.APP,
          "refresh_token", refreshToken));
      assertThat(refreshed.status()).as("refresh on node " + node + ": " + refreshed.body())
          .isEqualTo(200);
      refreshToken = (String) refreshed.json().get("refresh_token");
    }
  }

  /**
   * One tenant's events, written on all three nodes at once, form one chain: every record
   * chained once, positions 1..n without a gap or a repeat, no checkpoint position signed twice,
   * and verify ok on every node.
   */
  @Test
  @Order(2)
  void eventsWrittenOnAllNodesFormOneChain() throws Exception {
    String realmId = realmId(workspace);
    long createdBefore = count(realmId, "USER_CREATE");
    int perNode = 20;
    List<Callable<Integer>> writes = new ArrayList<>();
    for (int node = 0; node < PalisadeCluster.NODES; node++) {
      PalisadeInstance target = cluster.node(node);
      for (int i = 0; i < perNode; i++) {
        String username = "chain-" + node + "-" + i;
        writes.add(() -> createUser(target, username).status());
      }
    }

    assertThat(inParallel(writes)).containsOnly(201);
    awaitAllSealed(realmId);
    assertThat(count(realmId, "USER_CREATE")).isEqualTo(createdBefore + perNode * 3L);
    assertOneChain(realmId);
    for (int node = 0; node < PalisadeCluster.NODES; node++) {
      assertThat(new AuditApi(cluster.node(node)).verify(workspace.name()))
          .as("verify on node " + node).containsEntry("ok", true);
    }
  }

  /** Failures made on different nodes add up to one count, and the lockout holds everywhere. */
  @Test
  @Order(3)
  void failuresOnDifferentNodesAddUpToOneLockout() {
    try (Workspace lockout = Workspace.provision(proxy, "lockout")) {
      useFailureFactor(lockout, 3);
      enableDirectGrant(lockout);
      var rita = lockout.member("rita", "viewer");
      long quickLogin = lockout.tenant().resource().toRepresentation()
          .getQuickLoginCheckMilliSeconds();

      for (int node = 0; node < 3; node++) {
        awaitQuickLoginWindow(lockout, rita.id(), quickLogin);
        var guess = passwordGrant(cluster.node(node), lockout, "rita", "guess-" + node, null);
        assertThat(guess.status()).isEqualTo(400);
      }

      assertThat(lockoutStatus(lockout, rita.id())).containsEntry("numFailures", 3)
          .containsEntry("disabled", true);
      for (int node = 0; node < PalisadeCluster.NODES; node++) {
        var right = passwordGrant(cluster.node(node), lockout, "rita", PASSWORD,
            rita.totp().unused());
        assertThat(right.status()).as("the right password and code on node " + node)
            .isEqualTo(400);
      }
    }
  }

  /**
   * CVE-2024-4629 across nodes: parallel guesses spread over the three nodes get no more
   * passwords checked than the failure factor allows. Keycloak keeps its "one attempt at a time"
   * per node; Palisade keeps it for the whole cluster.
   */
  @Test
  @Order(4)
  void parallelGuessesSpreadOverNodesGetNoMoreChecksThanTheFailureFactor() throws Exception {
    try (Workspace lockout = Workspace.provision(proxy, "guesses")) {
      int failureFactor = 1;
      useFailureFactor(lockout, failureFactor);
      enableDirectGrant(lockout);
      var sam = lockout.member("sam", "viewer");
      List<Callable<Integer>> guesses = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        PalisadeInstance node = cluster.node(i % PalisadeCluster.NODES);
        String guess = "guess-" + i;
        guesses.add(() -> passwordGrant(node, lockout, "sam", guess, null).status());
      }

      assertThat(inParallel(guesses)).containsOnly(400);

      var failures = new AuditApi(proxy).awaitEvents(lockout.name(),
          Map.of("action", "LOGIN", "target", sam.id(), "max", "100"),
          list -> list.size() == 30);
      assertThat(failures).extracting(record -> record.get("outcome"))
          .containsOnly("failure:invalid_user_credentials", "failure:user_temporarily_disabled")
          .filteredOn("failure:invalid_user_credentials"::equals)
          .as("passwords actually checked").hasSizeLessThanOrEqualTo(failureFactor);
      assertThat(lockoutStatus(lockout, sam.id())).containsEntry("disabled", true);
    }
  }

  /**
   * Two nodes remove a person's two factors at the same moment, through the account console's
   * removal (application-initiated {@code delete_credential}, confirmed on two nodes at once):
   * one removal must lose.
   */
  @Test
  @Order(5)
  void twoNodesCannotRemoveBothFactorsOfAPersonAtOnce() throws Exception {
    for (int round = 0; round < 3; round++) {
      String username = "pair" + round;
      var member = workspace.tenant().createUserWithTotp(username, PASSWORD, 2);
      List<String> otps = workspace.tenant().resource().users().get(member.id()).credentials()
          .stream().filter(c -> c.getType().equals("otp")).map(c -> c.getId()).toList();
      assertThat(otps).hasSize(2);
      List<OidcLoginDriver> confirmations = new ArrayList<>();
      for (String otp : otps) {
        var driver = SecondFactorSteps.signIn(OidcLoginDriver.begin(proxy, workspace.tenant(),
            Workspace.APP, Map.of("kc_action", "delete_credential:" + otp)), username, PASSWORD,
            member.totp());
        assertThat(driver.currentPage().selectFirst("#kc-accept")).as("removal confirmation")
            .isNotNull();
        confirmations.add(driver);
      }

      inParallel(List.<Callable<Boolean>>of(
          () -> confirmations.get(0).submitVia(cluster.node(0).baseUrl(), Map.of("accept", ""))
              .finished(),
          () -> confirmations.get(1).submitVia(cluster.node(1).baseUrl(), Map.of("accept", ""))
              .finished()));

      assertThat(workspace.credentialTypes(member.id())).as("round " + round)
          .containsOnlyOnce("otp");
    }
  }

  /**
   * An Owner demotes an Admin on one node; at once, on the other nodes, the Admin's token can no
   * longer do what only an Admin may: no node answers from a stale cache. And a locked setting
   * refused on one node is unchanged when read on every node.
   */
  @Test
  @Order(6)
  void decisionsMadeOnOneNodeHoldOnTheOthersAtOnce() {
    var anna = workspace.member("anna", "admin");
    var victor = workspace.member("victor", "viewer");
    String annaToken = workspace.signIn("anna", anna);
    Map<String, Object> noChange = Map.of("grant", List.of(), "revoke", List.of());
    assertThat(callOn(cluster.node(1), "PUT", "permissions/members/" + victor.id(), annaToken,
        noChange).status()).as("as an Admin, before").isBetween(200, 204);

    RoleRepresentation admin = workspace.tenant().resource().roles().get("admin")
        .toRepresentation();
    var demotion = callOn(cluster.node(0), "DELETE", "users/" + anna.id() + "/role-mappings/realm",
        workspace.ownerToken(), List.of(admin));
    assertThat(demotion.status()).isEqualTo(204);

    for (int node = 1; node < PalisadeCluster.NODES; node++) {
      var after = callOn(cluster.node(node), "PUT", "permissions/members/" + victor.id(),
          annaToken, noChange);
      assertThat(after.status()).as("node " + node + " right after the demotion: " + after.body())
          .isEqualTo(403);
    }

    var refused = callOn(cluster.node(0), "PUT", "", workspace.ownerToken(),
        Map.of("bruteForceProtected", false));
    assertThat(refused.status()).isEqualTo(403);
    for (int node = 0; node < PalisadeCluster.NODES; node++) {
      var realm = callOn(cluster.node(node), "GET", "", workspace.operatorToken(), null).json();
      assertThat(realm).as("node " + node).containsEntry("bruteForceProtected", true);
    }
  }

  /**
   * The edge proxy's rate limits: over the per-username limit, 429 with Retry-After before
   * Keycloak sees the request, so the tenant's trail records exactly the attempts Keycloak
   * answered; a client changing its X-Forwarded-For neither escapes the per-IP limit nor appears
   * under a made-up address in the trail.
   */
  @Test
  @Order(7)
  void theProxyRateLimitsSignInsAndTheTrailRecordsOnlyWhatReachedKeycloak() throws Exception {
    GenericContainer<?> limited = cluster.extraProxy(Map.of(
        "PALISADE_RATE_PER_USERNAME", "3", "PALISADE_RATE_PER_IP", "10"));
    String limitedUrl = "https://localhost:" + limited.getMappedPort(ProxyPorts.TLS);
    var uma = workspace.member("uma", "viewer");
    long quickLogin = workspace.tenant().resource().toRepresentation()
        .getQuickLoginCheckMilliSeconds();

    for (int attempt = 0; attempt < 3; attempt++) {
      awaitQuickLoginWindow(workspace, uma.id(), quickLogin);
      var driver = OidcLoginDriver.begin(proxy, workspace.tenant(), Workspace.APP)
          .submitVia(limitedUrl, Map.of("username", "uma", "password", "guess-" + attempt));
      assertThat(driver.status()).as("attempt " + attempt + " reaches Keycloak; the proxy's log:\n"
          + limited.getLogs()).isEqualTo(200);
    }
    HttpResponse<String> refused = post(limitedUrl + "/realms/" + workspace.name()
        + "/login-actions/authenticate", "username=uma&password=guess-4", Map.of());

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
        seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
    assertThat(refused.body()).contains("rate_limited");
    AuditApi audit = new AuditApi(proxy);
    audit.awaitSealedUpToNow(workspace.name());
    assertThat(audit.events(workspace.name(), Map.of("action", "LOGIN", "target", uma.id())))
        .as("one record per attempt Keycloak answered").hasSize(3);
    assertThat(lockoutStatus(workspace, uma.id())).containsEntry("numFailures", 3);

    enableDirectGrant(workspace);
    int letThrough = 0;
    for (int i = 0; i < 12; i++) {
      var spoofed = post(limitedUrl + "/realms/" + workspace.name()
              + "/protocol/openid-connect/token", "grant_type=password&client_id=" + LEGACY
              + "&client_secret=" + LEGACY_SECRET + "&username=ghost" + i + "&password=x",
          Map.of("X-Forwarded-For", "203.0.113." + i));
      letThrough += spoofed.statusCode() == 429 ? 0 : 1;
    }
    assertThat(letThrough).as("requests let through from one address, whatever it claims")
        .isLessThanOrEqualTo(10 - 4);
    audit.awaitSealedUpToNow(workspace.name());
    assertThat(audit.events(workspace.name(), Map.of("action", "LOGIN", "max", "500")))
        .extracting(record -> String.valueOf(record.get("ip")))
        .as("addresses in the trail").noneMatch(ip -> ip.startsWith("203.0.113."));
  }

  /** The proxy refuses oversized bodies and adds the security headers Keycloak leaves out. */
  @Test
  @Order(8)
  void theProxyBoundsRequestsAndAddsSecurityHeaders() throws Exception {
    byte[] large = ("username=x&password=" + "p".repeat(2 * 1024 * 1024)).getBytes(UTF_8);
    RawHttp.Response tooLarge = new RawHttp(proxy.baseUrl()).send(RawHttp.Request
        .get("/realms/" + workspace.name() + "/login-actions/authenticate").method("POST")
        .body("application/x-www-form-urlencoded", large));
    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(proxy.baseUrl()
            + "/realms/" + workspace.name() + "/.well-known/openid-configuration"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.text()).contains("request_too_large");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Strict-Transport-Security")).isPresent();
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.body()).contains("\"issuer\":\"" + proxy.baseUrl() + "/realms/");
  }

  /**
   * A node killed with SIGKILL in the middle of sign-ins, failed sign-ins, admin changes and
   * permission changes: every action answered with success has exactly one record, no action has
   * two, the survivors go on sealing and the chain verifies; the node then comes back.
   */
  @Test
  @Order(20)
  void aNodeKilledMidLoadLosesNoAnsweredActionsRecord() throws Exception {
    String realmId = realmId(workspace);
    int each = 16;
    List<Action> actions = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      var signer = workspace.member("load-in-" + i, "viewer");
      var guesser = workspace.member("load-out-" + i, "viewer");
      var granted = workspace.member("load-grant-" + i, "viewer");
      String signerName = "load-in-" + i;
      String guesserName = "load-out-" + i;
      int node = i % PalisadeCluster.NODES;
      actions.add(new Action("LOGIN", signer.id(), () -> SecondFactorSteps.signIn(
          OidcLoginDriver.begin(proxy, workspace.tenant(), Workspace.APP), signerName, PASSWORD,
          signer.totp()).finished()));
      actions.add(new Action("LOGIN", guesser.id(), () -> OidcLoginDriver.begin(proxy,
          workspace.tenant(), Workspace.APP).loginWithPassword(guesserName, "wrong")
          .errorMessage().contains("Invalid")));
      actions.add(new Action("PERMISSIONS_UPDATE", granted.id(), () -> callOn(cluster.node(node),
          "PUT", "permissions/members/" + granted.id(), workspace.operatorToken(),
          Map.of("grant", List.of("documents.delete"), "revoke", List.of())).status() / 100
          == 2));
      String created = "load-made-" + i;
      actions.add(new Action("USER_CREATE", created, () -> createUser(cluster.node(node), created)
          .status() == 201));
    }
    Collections.shuffle(actions, new Random(7));

    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<Boolean>> answers = new ArrayList<>();
    ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger noNodeUp = new AtomicInteger();
    for (int i = 0; i < actions.size(); i++) {
      if (i == actions.size() / 2) {
        // The first node started: the cluster's coordinator, the hardest node to lose.
        cluster.kill(0);
        // Measured, not asserted: how long the proxy had no ready node to send to.
        watch.scheduleAtFixedRate(() -> {
          if (ProxyPorts.serversUp(cluster.proxyStats()) == 0) {
            noNodeUp.incrementAndGet();
          }
        }, 0, 250, TimeUnit.MILLISECONDS);
      }
      answers.add(pool.submit(actions.get(i)::run));
      Thread.sleep(50);
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    cluster.awaitProxyServing(PalisadeCluster.NODES - 1);
    watch.shutdownNow();

    awaitAllSealed(realmId);
    Map<String, Integer> answered = new HashMap<>();
    for (int i = 0; i < actions.size(); i++) {
      Action action = actions.get(i);
      int records = action.records(realmId);
      assertThat(records).as(action + " has at most one record").isLessThanOrEqualTo(1);
      if (answers.get(i).get()) {
        assertThat(records).as(action + " was answered, so it has its record").isEqualTo(1);
        answered.merge(action.action(), 1, Integer::sum);
      }
    }
    System.out.printf("ClusterIT: %d actions, answered with success by kind %s; after the"
        + " coordinator's kill, no node ready for about %d ms%n", actions.size(), answered,
        noNodeUp.get() * 250);
    assertOneChain(realmId);
    assertThat(new AuditApi(cluster.node(1)).verify(workspace.name())).containsEntry("ok", true);

    cluster.startAgain(0);
    cluster.awaitProxyServing(PalisadeCluster.NODES);
    assertThat(createUser(cluster.node(0), "after-return").status()).isEqualTo(201);
    awaitAllSealed(realmId);
    assertThat(new AuditApi(cluster.node(0)).verify(workspace.name())).containsEntry("ok", true);
    assertOneChain(realmId);
  }

  /**
   * Each node in turn stopped (SIGTERM) and started again while people keep signing in through
   * the proxy: not one sign-in fails.
   */
  @Test
  @Order(21)
  void aRollingRestartUnderSteadySignInsFailsNoSignIn() throws Exception {
    List<TestRealm.TotpUser> people = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      people.add(workspace.member("steady-" + i, "viewer"));
    }
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger succeeded = new AtomicInteger();
    ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    ExecutorService load = Executors.newFixedThreadPool(3);
    for (int thread = 0; thread < 3; thread++) {
      load.submit(() -> {
        while (running.get()) {
          int index = next.getAndIncrement() % people.size();
          try {
            var driver = SecondFactorSteps.signIn(OidcLoginDriver.begin(proxy, workspace.tenant(),
                Workspace.APP), "steady-" + index, PASSWORD, people.get(index).totp());
            if (driver.finished()) {
              succeeded.incrementAndGet();
            } else {
              failed.add(Instant.now() + " steady-" + index + ": " + driver.status() + " "
                  + RawHttp.abbreviate(driver.currentPage().text()) + " at " + driver.pageUrl());
            }
          } catch (RuntimeException | AssertionError e) {
            failed.add(Instant.now() + " steady-" + index + ": " + e);
          }
        }
      });
    }
    try {
      for (int node = 0; node < PalisadeCluster.NODES; node++) {
        int before = succeeded.get();
        Instant stop = Instant.now();
        cluster.stop(node);
        Instant stopped = Instant.now();
        cluster.startAgain(node);
        cluster.awaitProxyServing(PalisadeCluster.NODES);
        System.out.printf("ClusterIT: node %d stopped at %s in %d ms, back after %d ms more;"
            + " %d sign-ins meanwhile, %d failed so far%n", node, stop,
            Duration.between(stop, stopped).toMillis(),
            Duration.between(stopped, Instant.now()).toMillis(), succeeded.get() - before,
            failed.size());
      }
    } finally {
      running.set(false);
      load.shutdown();
      load.awaitTermination(2, TimeUnit.MINUTES);
    }

    assertThat(failed).as("sign-ins that failed during the rolling restart").isEmpty();
    assertThat(succeeded.get()).isPositive();
  }

  /** One action of the load and how to find its records. */
  private final class Action {
    private final String action;
    private final String target;
    private final Callable<Boolean> call;

    Action(String action, String target, Callable<Boolean> call) {
      this.action = action;
      this.target = target;
      this.call = call;
    }

    String action() {
      return action;
    }

    /** Whether the server answered it with success; a lost connection is no answer. */
    boolean run() {
      try {
        return call.call();
      } catch (Exception | AssertionError e) {
        return false;
      }
    }

    /** For user creations, the target is the new user's name; its id is looked up. */
    int records(String realmId) throws SQLException {
      String id = action.equals("USER_CREATE") ? userIdOrName(target) : target;
      return (int) countFor(realmId, action, id);
    }

    @Override
    public String toString() {
      return action + " " + target;
    }
  }

  // ---- the audit chain, read straight from the database ----

  private void assertOneChain(String realmId) throws SQLException {
    awaitAllSealed(realmId);
    try (Connection db = cluster.database().connectAsSuperuser()) {
      long[] chain = longs(db, "SELECT count(*), count(DISTINCT seq), coalesce(min(seq), 0),"
          + " coalesce(max(seq), 0) FROM palisade_audit_chain WHERE realm_id = ?", realmId);
      assertThat(chain[0]).as("chained records").isPositive();
      assertThat(chain[1]).as("distinct positions").isEqualTo(chain[0]);
      assertThat(chain[2]).as("first position").isEqualTo(1);
      assertThat(chain[3]).as("last position: no gap").isEqualTo(chain[0]);
      assertThat(unchained(db, realmId)).as("records not chained").isEmpty();
      long[] twice = longs(db, "SELECT count(*) FROM (SELECT seq FROM palisade_audit_checkpoint"
          + " WHERE realm_id = ? GROUP BY seq HAVING count(*) > 1) t", realmId);
      assertThat(twice[0]).as("checkpoint positions signed twice").isZero();
    }
  }

  private void awaitAllSealed(String realmId) {
    Eventually.until("every record of the tenant chained", Duration.ofMinutes(1), () -> {
      try (Connection db = cluster.database().connectAsSuperuser()) {
        return unchained(db, realmId);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }, List::isEmpty);
  }

  /** Records of the realm that no chain position holds: time, action, target, outcome. */
  private static List<String> unchained(Connection db, String realmId) throws SQLException {
    try (PreparedStatement statement = db.prepareStatement("SELECT e.event_time, e.action,"
        + " e.target_id, e.outcome FROM palisade_audit_event e WHERE e.realm_id = ? AND NOT"
        + " EXISTS (SELECT 1 FROM palisade_audit_chain c WHERE c.event_id = e.id)")) {
      statement.setString(1, realmId);
      List<String> records = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          records.add(row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " "
              + row.getString(4));
        }
      }
      return records;
    }
  }

  private long count(String realmId, String action) throws SQLException {
    try (Connection db = cluster.database().connectAsSuperuser()) {
      return longs(db, "SELECT count(*) FROM palisade_audit_event WHERE realm_id = ?"
          + " AND action = ?", realmId, action)[0];
    }
  }

  private long countFor(String realmId, String action, String targetId) throws SQLException {
    if (targetId == null) {
      return 0;
    }
    try (Connection db = cluster.database().connectAsSuperuser()) {
      return longs(db, "SELECT count(*) FROM palisade_audit_event WHERE realm_id = ?"
          + " AND action = ? AND target_id = ?", realmId, action, targetId)[0];
    }
  }

  private static long[] longs(Connection db, String sql, String... parameters)
      throws SQLException {
    try (PreparedStatement statement = db.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        long[] values = new long[row.getMetaData().getColumnCount()];
        for (int i = 0; i < values.length; i++) {
          values[i] = row.getLong(i + 1);
        }
        return values;
      }
    }
  }

  // ---- requests ----

  private String userIdOrName(String username) {
    var found = workspace.tenant().resource().users().search(username, true);
    return found.isEmpty() ? null : found.get(0).getId();
  }

  private String realmId(Workspace in) {
    return in.tenant().resource().toRepresentation().getId();
  }

  private Rest.Response createUser(PalisadeInstance node, String username) {
    return callOn(node, "POST", "users", workspace.operatorToken(), Map.of("username", username,
        "enabled", true, "email", username + "@palisade.test", "firstName", "Load",
        "lastName", username));
  }

  /** {@code method /admin/realms/{workspace}/{path}} on one node, as Workspace.call does. */
  private Rest.Response callOn(PalisadeInstance node, String method, String path, String token,
      Object body) {
    String url = node.baseUrl() + "/admin/realms/" + workspace.name()
        + (path.isEmpty() ? "" : "/" + path);
    return Rest.send(method, url, token, body == null ? null : "application/json",
        body == null ? null : Rest.json(body));
  }

  private static String tokenEndpoint(PalisadeInstance node, String realm) {
    return node.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token";
  }

  private static Rest.Response passwordGrant(PalisadeInstance node, Workspace in,
      String username, String password, String otp) {
    Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "password",
        "client_id", LEGACY, "client_secret", LEGACY_SECRET, "username", username,
        "password", password));
    if (otp != null) {
      form.put("otp", otp);
    }
    return Rest.postForm(tokenEndpoint(node, in.name()), form);
  }

  private static HttpResponse<String> post(String url, String form, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void useFailureFactor(Workspace in, int failureFactor) {
    RealmRepresentation settings = in.tenant().resource().toRepresentation();
    settings.setFailureFactor(failureFactor);
    in.tenant().resource().update(settings);
  }

  private static void enableDirectGrant(Workspace in) {
    in.tenant().createConfidentialClient(LEGACY, LEGACY_SECRET);
    var client = in.tenant().resource().clients().findByClientId(LEGACY).get(0);
    client.setDirectAccessGrantsEnabled(true);
    in.tenant().resource().clients().get(client.getId()).update(client);
  }

  private static Map<String, Object> lockoutStatus(Workspace in, String userId) {
    return in.tenant().resource().attackDetection().bruteForceUserStatus(userId);
  }

  /** Keycloak locks at once after two failures within its quick-login window: wait it out. */
  private static void awaitQuickLoginWindow(Workspace in, String userId, long quickLogin) {
    Object last = lockoutStatus(in, userId).get("lastFailure");
    long lastFailure = last == null ? 0 : ((Number) last).longValue();
    Eventually.until("the quick-login window after the failure at " + lastFailure,
        Duration.ofSeconds(5), System::currentTimeMillis, now -> now > lastFailure + quickLogin);
  }

  private static <T> List<T> inParallel(List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      List<T> results = new ArrayList<>();
      for (Future<T> future : pool.invokeAll(calls)) {
        results.add(future.get(2, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
