package dev.palisade.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import org.keycloak.admin.client.Keycloak;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Palisade as docs/operator.md's "Clustering" chapter runs it: three nodes of the image
 * ({@code start --optimized}, embedded Infinispan, {@code jdbc-ping} discovery) on a database of
 * their own, behind the edge proxy image, all on one Docker network. The nodes answer on the
 * network alias {@code palisade}, which the proxy resolves through Docker's DNS.
 *
 * <p>Every node's public URL is the proxy's, so a token issued anywhere is valid on every node.
 * Tests reach the nodes one by one over plain HTTP too, to decide which node does what.
 */
public final class PalisadeCluster implements AutoCloseable {

  public static final int NODES = 3;
  private static final String NODES_ALIAS = "palisade";
  private static final Duration NODE_START = Duration.ofMinutes(5);
  private static final Pattern FULL_VIEW =
      Pattern.compile("ISPN000094: Received new cluster view .*\\(" + NODES + "\\)");

  private final Network network = Network.newNetwork();
  private final TestDatabase database;
  private final GenericContainer<?> proxy;
  private final List<GenericContainer<?>> nodes = new ArrayList<>();
  private final List<GenericContainer<?>> extraProxies = new ArrayList<>();
  private final Map<String, Keycloak> adminClients = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .build();

  private PalisadeCluster() {
    database = TestDatabase.load().newDatabase("palisade_cluster");
    proxy = proxyContainer(Map.of());
    proxy.start();
    TestTls.trustServerAt(proxy.getMappedPort(ProxyPorts.TLS));
    String proxyAddress = ipOf(proxy);
    for (int index = 0; index < NODES; index++) {
      nodes.add(nodeContainer(index, proxyAddress));
    }
    // The first node creates the schema; the others then join its cluster side by side.
    nodes.get(0).start();
    CompletableFuture.allOf(nodes.subList(1, NODES).stream()
        .map(node -> CompletableFuture.runAsync(node::start)).toArray(CompletableFuture[]::new))
        .join();
    Eventually.until("a cluster view of " + NODES + " nodes", NODE_START,
        () -> nodes.get(NODES - 1).getLogs(), logs -> FULL_VIEW.matcher(logs).find());
    awaitProxyServing(NODES);
  }

  /** Starts the cluster; the caller closes it. */
  public static PalisadeCluster start() {
    return new PalisadeCluster();
  }

  /** The cluster as clients see it: through the proxy; admin calls go to a live node. */
  public PalisadeInstance viaProxy() {
    return instance(publicUrl());
  }

  /** Node {@code index} (0-based) reached directly, over plain HTTP on its own port. */
  public PalisadeInstance node(int index) {
    return instance(nodeUrl(index));
  }

  /** {@code https://localhost:<port>}: the proxy, every node's configured hostname. */
  public String publicUrl() {
    return "https://localhost:" + proxy.getMappedPort(ProxyPorts.TLS);
  }

  public TestDatabase database() {
    return database;
  }

  /** Kills node {@code index} with SIGKILL: no shutdown, no goodbye to the cluster. */
  public void kill(int index) {
    docker().killContainerCmd(nodes.get(index).getContainerId()).withSignal("KILL").exec();
  }

  /** Stops node {@code index} as an orchestrator does: SIGTERM, then SIGKILL after 30 s. */
  public void stop(int index) {
    docker().stopContainerCmd(nodes.get(index).getContainerId()).withTimeout(30).exec();
  }

  /** Starts a stopped or killed node again (same container) and waits until it is ready. */
  public void startAgain(int index) {
    docker().startContainerCmd(nodes.get(index).getContainerId()).exec();
    Eventually.until("node " + index + " ready again", NODE_START, Duration.ofSeconds(1),
        () -> ready(index), Boolean::booleanValue);
  }

  /**
   * Whether node {@code index} is ready now: {@code /health/ready} answers 200, as the proxy's
   * check expects. Its body is no guide: it lists each check (database, bootstrap, cluster), and
   * one check UP while another is DOWN still answers 503.
   */
  public boolean ready(int index) {
    try {
      return send("http://localhost:" + hostPort(index, 9000) + "/health/ready")
          .statusCode() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Waits until the proxy's health checks see {@code count} nodes up. */
  public void awaitProxyServing(int count) {
    Eventually.until("the proxy serving from " + count + " nodes", NODE_START,
        Duration.ofSeconds(1), () -> ProxyPorts.serversUp(proxyStats()), up -> up == count);
  }

  /** The proxy's statistics as CSV ({@code /stats;csv} on its internal port). */
  public String proxyStats() {
    return get("http://localhost:" + proxy.getMappedPort(ProxyPorts.STATS) + "/stats;csv");
  }

  /**
   * Another proxy in front of the same nodes with {@code environment} (e.g. low rate limits);
   * the cluster stops it. Its public URL is not the nodes' hostname: use it for requests whose
   * answers need no redirect to the nodes' URL, or to count what it refuses.
   */
  public GenericContainer<?> extraProxy(Map<String, String> environment) {
    GenericContainer<?> extra = proxyContainer(environment);
    extra.start();
    extraProxies.add(extra);
    TestTls.trustServerAt(extra.getMappedPort(ProxyPorts.TLS));
    return extra;
  }

  @Override
  public void close() {
    adminClients.values().forEach(Keycloak::close);
    extraProxies.forEach(GenericContainer::stop);
    nodes.forEach(GenericContainer::stop);
    proxy.stop();
    network.close();
  }

  private GenericContainer<?> proxyContainer(Map<String, String> environment) {
    return new GenericContainer<>(TestSettings.proxyImage())
        .withNetwork(network)
        .withEnv(ProxyPorts.DEFAULTS_FOR_TESTS)
        .withEnv(environment)
        .withExposedPorts(ProxyPorts.TLS, ProxyPorts.STATS)
        .waitingFor(Wait.forListeningPorts(ProxyPorts.TLS));
  }

  private GenericContainer<?> nodeContainer(int index, String proxyAddress) {
    return PalisadeOnPostgres.productionContainer(database)
        .withNetwork(network)
        .withNetworkAliases(NODES_ALIAS, "node" + (index + 1))
        .withEnv("KC_HOSTNAME", publicUrl())
        .withEnv("KC_PROXY_HEADERS", "xforwarded")
        // Only the proxy may tell a node who the client is; anyone else's X-Forwarded-For is
        // ignored.
        .withEnv("KC_PROXY_TRUSTED_ADDRESSES", proxyAddress)
        // As the operator guide and compose-cluster.yaml set them: readiness fails at SIGTERM
        // and the node serves on for 3 s while the proxy takes it out of rotation (1.5 s), then
        // lets requests in flight finish. Keycloak's default of 1 s cut off a sign-in whose
        // password hash ran longer on two busy cores.
        .withEnv("KC_SHUTDOWN_DELAY", "3s")
        .withEnv("KC_SHUTDOWN_TIMEOUT", "15s")
        .withEnv("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g")
        .withStartupTimeout(NODE_START);
  }

  private PalisadeInstance instance(String baseUrl) {
    return PalisadeInstance.of(baseUrl, this::adminOfLiveNode);
  }

  /** The bootstrap admin client of the first node that answers. */
  private Keycloak adminOfLiveNode() {
    for (int index = 0; index < NODES; index++) {
      if (ready(index)) {
        return adminClients.computeIfAbsent(nodeUrl(index), BootstrapAdmin::client);
      }
    }
    throw new IllegalStateException("no node of the cluster is ready");
  }

  /** The node's URL now: a restarted container may be published on another host port. */
  private String nodeUrl(int index) {
    return "http://localhost:" + hostPort(index, 8080);
  }

  private int hostPort(int index, int containerPort) {
    Ports.Binding[] bindings = docker().inspectContainerCmd(nodes.get(index).getContainerId())
        .exec().getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(containerPort));
    if (bindings == null || bindings.length == 0) {
      throw new IllegalStateException("node " + index + " publishes no port " + containerPort);
    }
    return Integer.parseInt(bindings[0].getHostPortSpec());
  }

  private String ipOf(GenericContainer<?> container) {
    return docker().inspectContainerCmd(container.getContainerId()).exec().getNetworkSettings()
        .getNetworks().values().iterator().next().getIpAddress();
  }

  private String get(String url) {
    return send(url).body();
  }

  private HttpResponse<String> send(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("GET " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static DockerClient docker() {
    return DockerClientFactory.instance().client();
  }
}
