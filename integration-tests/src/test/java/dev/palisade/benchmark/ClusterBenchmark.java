package dev.palisade.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import dev.palisade.testing.AuditApi;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeCluster;
import dev.palisade.testing.PalisadeInstance;
import dev.palisade.testing.ProxyPorts;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.Totp;
import dev.palisade.testing.Workspace;
import org.junit.jupiter.api.Test;

/**
 * Palisade as a three-node cluster behind the edge proxy, measured, not asserted (run with
 * -Pbenchmark, see docs/benchmarks.md, "Cluster"): sign-in throughput and latency through the
 * proxy with three nodes and with one, in alternating rounds of one run; the audit trail's
 * sealing lag in each round and while all three nodes are written to at once; and recovery
 * after a node is killed under sign-in load.
 */
class ClusterBenchmark {

  private static final Duration ROUND =
      Duration.ofSeconds(Long.getLong("palisade.benchmark.round.seconds", 45));
  /** Node counts of the timed rounds, alternated so that the machine's noise hits both. */
  private static final List<Integer> ROUNDS = List.of(3, 1, 3, 1, 3);
  /** Untimed sign-ins after every (re)start, so that no timed round pays for a cold JIT. */
  private static final Duration WARM_UP = Duration.ofSeconds(30);
  private static final int CLIENTS = Integer.getInteger("palisade.benchmark.threads", 4);
  /** Enough for 30 sign-ins/s with each person signing in at most once every 30 s. */
  private static final int PEOPLE = Integer.getInteger("palisade.benchmark.people", 900);
  private static final int WRITERS_PER_NODE = 2;
  /** The node killed, and started again, in the recovery measurement. */
  private static final int VICTIM = 1;
  private static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(15);
  private static final Duration LOAD_AFTER_KILL = Duration.ofSeconds(30);
  private static final Duration LOAD_AFTER_RETURN = Duration.ofSeconds(15);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  private PalisadeCluster cluster;
  private PalisadeInstance proxy;
  private Workspace workspace;
  private String realmId;
  private People people;
  private int nodesServing = PalisadeCluster.NODES;
  private final ExecutorService pollers = Executors.newCachedThreadPool();

  @Test
  void measure() throws Exception {
    long start = System.currentTimeMillis();
    try (PalisadeCluster started = PalisadeCluster.start()) {
      cluster = started;
      proxy = cluster.viaProxy();
      System.out.printf("BENCH cluster of %d nodes started in %.0f s%n", PalisadeCluster.NODES,
          (System.currentTimeMillis() - start) / 1e3);
      workspace = Workspace.provision(proxy, "bench");
      realmId = workspace.tenant().resource().toRepresentation().getId();
      long enrolStart = System.currentTimeMillis();
      people = People.enrol(workspace, PEOPLE);
      System.out.printf("BENCH %d members with an authenticator app created in %.0f s%n", PEOPLE,
          (System.currentTimeMillis() - enrolStart) / 1e3);
      runLoad(WARM_UP);
      compareNodeCounts();
      threeNodesWriting();
      recoveryAfterAKill();
    } finally {
      pollers.shutdownNow();
    }
  }

  // ---- 1 and 2: sign-ins through the proxy, three nodes against one ----

  private void compareNodeCounts() throws Exception {
    List<Round> rounds = new ArrayList<>();
    for (int nodes : ROUNDS) {
      serveFrom(nodes);
      Round round = timedRound(nodes);
      rounds.add(round);
      System.out.printf("BENCH round %d, %s%n", rounds.size(), round);
    }
    List<Round> three = withNodes(rounds, PalisadeCluster.NODES);
    List<Round> one = withNodes(rounds, 1);
    double threeMedian = Stats.median(three.stream().map(Round::perSecond).toList());
    double oneMedian = Stats.median(one.stream().map(Round::perSecond).toList());
    System.out.printf("BENCH sign-ins/s, median of rounds: %d nodes %.1f, 1 node %.1f;"
        + " 1-node/%d-node ratio %.2f%n", PalisadeCluster.NODES, threeMedian, oneMedian,
        PalisadeCluster.NODES, oneMedian / threeMedian);
    for (List<Round> same : List.of(three, one)) {
      List<Long> millis = same.stream().flatMap(round -> round.millis().stream()).sorted()
          .toList();
      System.out.printf("BENCH sign-in latency, %d node(s), all rounds: p50 %d ms, p95 %d ms;"
          + " seal lag p99 per round %s ms%n", same.get(0).nodes(), percentile(millis, 50),
          percentile(millis, 95), same.stream().map(round -> Math.round(round.lag().p99()))
              .toList());
    }
  }

  /**
   * One node serving means the other two stopped as an orchestrator stops them; back to three,
   * they start again and warm up before anything is timed.
   */
  private void serveFrom(int nodes) throws Exception {
    if (nodes == nodesServing) {
      return;
    }
    if (nodes == 1) {
      onEveryOtherNode(cluster::stop);
      cluster.awaitProxyServing(1);
    } else {
      startOthersAgain();
      runLoad(WARM_UP);
    }
    nodesServing = nodes;
  }

  private void startOthersAgain() {
    long start = System.currentTimeMillis();
    onEveryOtherNode(cluster::startAgain);
    long ready = System.currentTimeMillis() - start;
    cluster.awaitProxyServing(PalisadeCluster.NODES);
    System.out.printf("BENCH nodes 1 and 2 started again: ready after %.1f s, all in the proxy's"
        + " rotation after %.1f s (both polled every second)%n", ready / 1e3,
        (System.currentTimeMillis() - start) / 1e3);
  }

  /** {@code action} on every node but node 0, side by side. */
  private void onEveryOtherNode(IntConsumer action) {
    CompletableFuture.allOf(IntStream.range(1, PalisadeCluster.NODES)
        .mapToObj(node -> CompletableFuture.runAsync(() -> action.accept(node), pollers))
        .toArray(CompletableFuture[]::new)).join();
  }

  private Round timedRound(int nodes) throws Exception {
    Map<String, Long> before = ProxyPorts.requestsPerServer(cluster.proxyStats());
    // Counted from here: waits during the warm-up are not this round's.
    people.waitedMillis();
    CpuTime cpuBefore = CpuTime.now();
    long from = System.currentTimeMillis();
    List<Attempt> attempts = runLoad(ROUND);
    long to = from + ROUND.toMillis();
    CpuTime cpu = CpuTime.now().minus(cpuBefore);
    Map<String, Long> after = ProxyPorts.requestsPerServer(cluster.proxyStats());
    List<Attempt> inRound = attempts.stream().filter(attempt -> attempt.end() <= to).toList();
    List<Long> millis = inRound.stream().filter(Attempt::ok).map(Attempt::millis).sorted()
        .toList();
    List<Long> perNode = after.entrySet().stream()
        .map(server -> server.getValue() - before.getOrDefault(server.getKey(), 0L)).sorted()
        .toList();
    return new Round(nodes, millis, inRound.size() - millis.size(), perNode,
        people.waitedMillis(), cpu, sealLag(from, to));
  }

  /**
   * A timed round: sign-ins that ended inside it, their latency, the machine's CPU time spent
   * meanwhile, and its records' sealing.
   */
  private record Round(int nodes, List<Long> millis, int failed, List<Long> requestsPerNode,
      long waitedForPeopleMillis, CpuTime cpu, SealLag lag) {

    double perSecond() {
      return millis.size() / (double) ROUND.toSeconds();
    }

    @Override
    public String toString() {
      return String.format("%d node(s): %d sign-ins in %d s = %.1f/s, %d failed; latency p50 %d"
              + " ms, p95 %d ms; machine %.0f %% busy, %.0f ms of CPU per sign-in; proxy"
              + " requests per node %s; clients waited %d ms for a person with a fresh code;"
              + " seal lag %s", nodes, millis.size(), ROUND.toSeconds(), perSecond(), failed,
          percentile(millis, 50), percentile(millis, 95), cpu.busyPercent(),
          cpu.busyMillis() / (double) Math.max(1, millis.size()), requestsPerNode,
          waitedForPeopleMillis, lag);
    }
  }

  /**
   * The whole machine's CPU time from /proc/stat (every core, every process: the nodes, the
   * proxy, PostgreSQL, this load driver and whatever else runs here), in USER_HZ ticks.
   */
  private record CpuTime(long busy, long total) {

    private static final int MILLIS_PER_TICK = 10;

    static CpuTime now() {
      try {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        // user nice system idle iowait irq softirq steal; guest time is already in user.
        for (int field = 1; field <= 8; field++) {
          total += Long.parseLong(fields[field]);
        }
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        return new CpuTime(total - idle, total);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    CpuTime minus(CpuTime earlier) {
      return new CpuTime(busy - earlier.busy, total - earlier.total);
    }

    double busyPercent() {
      return 100.0 * busy / Math.max(1, total);
    }

    long busyMillis() {
      return busy * MILLIS_PER_TICK;
    }
  }

  private static List<Round> withNodes(List<Round> rounds, int nodes) {
    return rounds.stream().filter(round -> round.nodes() == nodes).toList();
  }

  // ---- 2: every node written to directly at once ----

  /** Admin user creations sent to all three nodes at once, then how long each waited. */
  private void threeNodesWriting() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger created = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService writers =
        Executors.newFixedThreadPool(PalisadeCluster.NODES * WRITERS_PER_NODE);
    long from = System.currentTimeMillis();
    for (int node = 0; node < PalisadeCluster.NODES; node++) {
      PalisadeInstance target = cluster.node(node);
      for (int writer = 0; writer < WRITERS_PER_NODE; writer++) {
        String prefix = "written-" + node + "-" + writer + "-";
        writers.submit(() -> {
          for (int n = 0; running.get(); n++) {
            (createUser(target, prefix + n) ? created : refused).incrementAndGet();
          }
        });
      }
    }
    Thread.sleep(ROUND.toMillis());
    running.set(false);
    writers.shutdown();
    writers.awaitTermination(1, TimeUnit.MINUTES);
    long to = from + ROUND.toMillis();
    System.out.printf("BENCH %d nodes written to directly, %d writers each, %d s: %d users"
            + " created (%.1f/s), %d refused; seal lag %s%n", PalisadeCluster.NODES,
        WRITERS_PER_NODE, ROUND.toSeconds(), created.get(),
        created.get() / (double) ROUND.toSeconds(), refused.get(), sealLag(from, to));
  }

  private boolean createUser(PalisadeInstance node, String username) {
    try {
      return Rest.send("POST", node.baseUrl() + "/admin/realms/" + workspace.name() + "/users",
          workspace.operatorToken(), "application/json", Rest.json(Map.of("username", username,
              "enabled", true))).status() == 201;
    } catch (RuntimeException e) {
      return false;
    }
  }

  // ---- 3: a node killed under sign-in load ----

  private void recoveryAfterAKill() throws Exception {
    SignInLoad load = new SignInLoad();
    ProxyWatch watch = new ProxyWatch();
    List<Attempt> attempts;
    long killedAt;
    long restartedAt;
    try {
      Thread.sleep(LOAD_BEFORE_KILL.toMillis());
      killedAt = System.currentTimeMillis();
      cluster.kill(VICTIM);
      var outOfRotation = elapsedUntil(killedAt, "the proxy serving from the survivors",
          () -> serversUp() == PalisadeCluster.NODES - 1);
      var chained = elapsedUntil(killedAt, "every record from before the kill chained",
          () -> unchainedUpTo(killedAt) == 0);
      var chainedAndVerified = elapsedUntil(killedAt, "those records chained and verify ok",
          () -> unchainedUpTo(killedAt) == 0 && verifiesOnASurvivor());
      System.out.printf("BENCH kill of node %d: out of the proxy's rotation after %d ms; every"
              + " record committed before the kill chained after %d ms, and verify ok on a"
              + " survivor after %d ms%n", VICTIM, outOfRotation.get(), chained.get(),
          chainedAndVerified.get());
      sleepUntil(killedAt + LOAD_AFTER_KILL.toMillis());

      restartedAt = System.currentTimeMillis();
      CompletableFuture<Void> restart =
          CompletableFuture.runAsync(() -> cluster.startAgain(VICTIM), pollers);
      var ready = elapsedUntil(restartedAt, "node " + VICTIM + " ready",
          () -> cluster.ready(VICTIM));
      var inRotation = elapsedUntil(restartedAt, "every node passing the proxy's checks",
          () -> serversPassingChecks() == PalisadeCluster.NODES);
      restart.join();
      System.out.printf("BENCH node %d started again: ready after %d ms, back in the proxy's"
          + " rotation after %d ms%n", VICTIM, ready.get(), inRotation.get());
      Thread.sleep(LOAD_AFTER_RETURN.toMillis());
    } finally {
      attempts = load.stop();
      watch.stop();
    }
    long ended = System.currentTimeMillis();
    watch.report(killedAt, restartedAt);
    reportSignInsAround(attempts, killedAt, restartedAt);
    System.out.printf("BENCH seal lag, survivors after the kill: %s; after the return: %s%n",
        sealLag(killedAt, restartedAt), sealLag(restartedAt, ended));
  }

  private void reportSignInsAround(List<Attempt> attempts, long killedAt, long restartedAt) {
    List<Attempt> afterKill = attempts.stream()
        .filter(attempt -> attempt.end() > killedAt && attempt.start() < restartedAt).toList();
    List<Attempt> failed = afterKill.stream().filter(attempt -> !attempt.ok()).toList();
    long lastFailure = failed.stream().mapToLong(Attempt::end).max().orElse(killedAt);
    List<Long> millis = afterKill.stream().filter(Attempt::ok).map(Attempt::millis).sorted()
        .toList();
    System.out.printf("BENCH sign-ins from the kill to the restart: %d succeeded (latency p50 %d"
            + " ms, p95 %d ms, max %d ms), %d failed, the last failure ended %d ms after the"
            + " kill%n", millis.size(), percentile(millis, 50), percentile(millis, 95),
        percentile(millis, 100), failed.size(), lastFailure - killedAt);
    failed.stream().map(Attempt::failure).distinct().limit(5)
        .forEach(failure -> System.out.println("BENCH   failure: " + failure));
    long failedAfterReturn = attempts.stream()
        .filter(attempt -> attempt.end() > restartedAt && !attempt.ok()).count();
    System.out.printf("BENCH sign-ins from the restart to the end: %d failed of %d%n",
        failedAfterReturn, attempts.stream().filter(a -> a.end() > restartedAt).count());
  }

  /** Asked of node 0 directly: the chain's state, not how soon the proxy drops the dead node. */
  private boolean verifiesOnASurvivor() {
    try {
      return Boolean.TRUE.equals(new AuditApi(cluster.node(0)).verify(workspace.name())
          .get("ok"));
    } catch (RuntimeException | AssertionError e) {
      return false;
    }
  }

  /** Servers the proxy sends requests to, a node that failed one check included. */
  private int serversUp() {
    return ProxyPorts.requestsPerServer(cluster.proxyStats()).size();
  }

  /** Servers that passed their latest check: a slot refilled by DNS is up before its check. */
  private long serversPassingChecks() {
    return ProxyPorts.serversUp(cluster.proxyStats());
  }

  /**
   * Milliseconds from {@code since} until {@code condition} first holds, asked every POLL on a
   * thread of its own, so that milestones of one event are timed side by side.
   */
  private Future<Long> elapsedUntil(long since, String what, BooleanSupplier condition) {
    return pollers.submit(() -> {
      Eventually.until(what, PATIENCE, POLL, condition::getAsBoolean, Boolean::booleanValue);
      return System.currentTimeMillis() - since;
    });
  }

  /** The proxy's view of its server slots, polled every POLL: each change of state, timed. */
  private final class ProxyWatch {

    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final Queue<StateChange> changes = new ConcurrentLinkedQueue<>();
    private final Future<?> poller = pollers.submit(this::watch);

    private Void watch() throws InterruptedException {
      Map<String, String> last = Map.of();
      while (watching.get()) {
        try {
          Map<String, String> now = ProxyPorts.statePerServer(cluster.proxyStats());
          long at = System.currentTimeMillis();
          for (Map.Entry<String, String> server : now.entrySet()) {
            String before = last.getOrDefault(server.getKey(), server.getValue());
            if (!before.equals(server.getValue())) {
              changes.add(new StateChange(at, server.getKey(), before, server.getValue()));
            }
          }
          last = now;
        } catch (RuntimeException e) {
          // A missed sample only makes a change show up one poll later.
        }
        Thread.sleep(POLL.toMillis());
      }
      return null;
    }

    void stop() throws Exception {
      watching.set(false);
      poller.get();
    }

    void report(long killedAt, long restartedAt) {
      for (StateChange change : changes) {
        boolean afterRestart = change.at() >= restartedAt;
        System.out.printf("BENCH   proxy, %s + %.1f s: %s %s -> %s%n",
            afterRestart ? "restart" : "kill",
            (change.at() - (afterRestart ? restartedAt : killedAt)) / 1e3, change.server(),
            change.from(), change.to());
      }
    }
  }

  private record StateChange(long at, String server, String from, String to) {
  }

  private static void sleepUntil(long millis) throws InterruptedException {
    Thread.sleep(Math.max(0, millis - System.currentTimeMillis()));
  }

  // ---- sign-in load ----

  private List<Attempt> runLoad(Duration duration) throws InterruptedException {
    SignInLoad load = new SignInLoad();
    Thread.sleep(duration.toMillis());
    return load.stop();
  }

  /** CLIENTS threads signing people in through the proxy until stopped; every attempt kept. */
  private final class SignInLoad {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

    SignInLoad() {
      for (int client = 0; client < CLIENTS; client++) {
        clients.submit(() -> {
          while (running.get()) {
            attempts.add(signInOnce(people.take()));
          }
          return null;
        });
      }
    }

    /** The attempts so far, oldest first, once the clients have finished the ones under way. */
    List<Attempt> stop() throws InterruptedException {
      running.set(false);
      clients.shutdown();
      clients.awaitTermination(2, TimeUnit.MINUTES);
      return attempts.stream().sorted(Comparator.comparingLong(Attempt::start)).toList();
    }

    /** A full sign-in: authorization request, password, code, code exchange. */
    private Attempt signInOnce(Person person) {
      long start = System.currentTimeMillis();
      String failure = null;
      try {
        Map<String, Object> tokens = SecondFactorSteps.signIn(OidcLoginDriver.begin(proxy,
            workspace.tenant(), Workspace.APP), person.username(), Workspace.PASSWORD,
            person.totp()).exchangeCode();
        if (!tokens.containsKey("access_token")) {
          failure = "no access token: " + tokens;
        }
      } catch (RuntimeException | AssertionError e) {
        failure = e + (e.getCause() == null ? "" : " (" + e.getCause() + ")");
      } finally {
        people.release(person);
      }
      return new Attempt(start, System.currentTimeMillis(), failure);
    }
  }

  /** One sign-in: wall-clock start and end (to compare with a kill), and why it failed. */
  private record Attempt(long start, long end, String failure) {

    boolean ok() {
      return failure == null;
    }

    long millis() {
      return end - start;
    }
  }

  private record Person(String username, Totp totp) {
  }

  /**
   * The tenant's members taking turns. Keycloak refuses a code it has already accepted, and a
   * person's authenticator yields one new code per 30 s once the first three are spent: a person
   * signed in at most once every 30 s never makes a timed sign-in wait for a code.
   */
  private static final class People {

    private static final long TURN_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final DelayQueue<Turn> turns = new DelayQueue<>();
    private final AtomicLong waitedNanos = new AtomicLong();

    static People enrol(Workspace workspace, int count) throws Exception {
      ExecutorService creators = Executors.newFixedThreadPool(4);
      try {
        List<Future<Person>> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          String username = "member-" + i;
          members.add(creators.submit(() -> new Person(username,
              workspace.member(username, "viewer").totp())));
        }
        People people = new People();
        for (Future<Person> member : members) {
          people.turns.add(new Turn(member.get(), System.nanoTime()));
        }
        return people;
      } finally {
        creators.shutdownNow();
      }
    }

    Person take() throws InterruptedException {
      long start = System.nanoTime();
      Person person = turns.take().person();
      waitedNanos.addAndGet(System.nanoTime() - start);
      return person;
    }

    void release(Person person) {
      turns.add(new Turn(person, System.nanoTime() + TURN_NANOS));
    }

    /** How long clients waited for a person since the last call: a cap on the load if not 0. */
    long waitedMillis() {
      return TimeUnit.NANOSECONDS.toMillis(waitedNanos.getAndSet(0));
    }

    private record Turn(Person person, long dueNanos) implements Delayed {

      @Override
      public long getDelay(TimeUnit unit) {
        return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
      }

      @Override
      public int compareTo(Delayed other) {
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
      }
    }
  }

  // ---- the audit chain, read straight from the database ----

  /** Sealing lag ({@code sealed_at − event_time}) of the tenant's records in [from, to]. */
  private SealLag sealLag(long from, long to) throws SQLException {
    Eventually.until("records up to " + to + " chained", PATIENCE, POLL,
        () -> unchainedUpTo(to), unchained -> unchained == 0);
    try (Connection db = cluster.database().connectAsSuperuser();
        PreparedStatement statement = db.prepareStatement("SELECT count(*),"
            + " coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY c.sealed_at - e.event_time),"
            + " 0), coalesce(percentile_cont(0.99) WITHIN GROUP"
            + " (ORDER BY c.sealed_at - e.event_time), 0), coalesce(max(c.sealed_at"
            + " - e.event_time), 0) FROM palisade_audit_event e JOIN palisade_audit_chain c"
            + " ON c.event_id = e.id WHERE e.realm_id = ? AND e.event_time BETWEEN ? AND ?")) {
      statement.setString(1, realmId);
      statement.setLong(2, from);
      statement.setLong(3, to);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return new SealLag(row.getLong(1), row.getDouble(2), row.getDouble(3),
            row.getDouble(4));
      }
    }
  }

  /** How many of the tenant's records up to {@code millis} no chain position holds yet. */
  private long unchainedUpTo(long millis) {
    try (Connection db = cluster.database().connectAsSuperuser();
        PreparedStatement statement = db.prepareStatement("SELECT count(*) FROM"
            + " palisade_audit_event e WHERE e.realm_id = ? AND e.event_time <= ? AND NOT EXISTS"
            + " (SELECT 1 FROM palisade_audit_chain c WHERE c.event_id = e.id)")) {
      statement.setString(1, realmId);
      statement.setLong(2, millis);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private record SealLag(long records, double p50, double p99, double max) {

    @Override
    public String toString() {
      return String.format("p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d records)", p50, p99, max,
          records);
    }
  }

  // ---- statistics ----

  /** Nearest-rank percentile of sorted values; 0 when there are none. */
  private static long percentile(List<Long> sorted, int percent) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
