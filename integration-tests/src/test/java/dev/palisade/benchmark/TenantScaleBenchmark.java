package dev.palisade.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.testing.FlightRecording;
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
 * Tenants at scale on PostgreSQL, measured, not asserted (run with -Pbenchmark, see
 * docs/benchmarks.md): the provisioning time of a tenant as the number of tenants grows, and
 * the sign-in latency (password and TOTP code, code exchanged for tokens) in the first tenant
 * at each checkpoint, so a run stopped early still compares what it reached.
 */
class TenantScaleBenchmark {

  private static final int TENANTS = Integer.getInteger("palisade.benchmark.tenants", 1_000);
  private static final List<Integer> CHECKPOINTS = List.of(1, 100, 250, 500, 750, 1_000);
  /** Provisionings per checkpoint whose median is reported. */
  private static final int WINDOW = 5;
  private static final int SIGN_INS = 5;
  private static final String PASSWORD = "correct-horse-battery-staple";
  /** The tenant template without plan, the same content for the stock side. */
  private static final Path TEMPLATE = Path.of("..", "realm-templates", "src", "main",
      "resources", "palisade", "tenant", "tenant-realm.json");

  @Test
  void measure() {
    TestDatabase database = TestDatabase.load();
    try (GenericContainer<?> container = PalisadeOnPostgres.productionContainer(database)) {
      FlightRecording.attach(container).start();
      PalisadeInstance server = PalisadeOnPostgres.instanceOf(container);
      Tenants tenants = new Tenants(server);
      List<Long> provisioningMillis = new ArrayList<>();
      TestRealm first = null;
      for (int count = 1; count <= TENANTS; count++) {
        long start = System.nanoTime();
        TestRealm tenant = tenants.provision(String.format("scale-%05d", count), "teams");
        provisioningMillis.add((System.nanoTime() - start) / 1_000_000);
        if (count == 1) {
          first = tenant;
          first.createPublicClient("bench-app");
        }
        if (CHECKPOINTS.contains(count) || count == TENANTS) {
          List<Long> window = provisioningMillis.subList(Math.max(0, count - WINDOW), count);
          report("provisioning at " + count + " tenants", window);
          report("stock realm creation of the same template at " + count + " tenants",
              stockRealms(server, tenants, count));
          report("sign-in latency in the first tenant with " + count + " tenants",
              signIns(server, first, "at-" + count));
        }
      }
      FlightRecording.collect(container);
    }
  }

  /**
   * The stock path side by side: WINDOW realms made from the same tenant template through
   * Keycloak's own {@code POST /admin/realms}, in ms.
   */
  private static List<Long> stockRealms(PalisadeInstance server, Tenants tenants, int count) {
    ObjectNode template = readTemplate();
    return IntStream.range(0, WINDOW).mapToObj(i -> {
      template.put("realm", String.format("stock-%05d-%d", count, i));
      long start = System.nanoTime();
      var response = Rest.send("POST", server.baseUrl() + "/admin/realms",
          tenants.operatorToken(), "application/json", template.toString());
      if (response.status() != 201) {
        throw new AssertionError("stock realm creation answered " + response.status());
      }
      return (System.nanoTime() - start) / 1_000_000;
    }).toList();
  }

  private static ObjectNode readTemplate() {
    try {
      return (ObjectNode) new ObjectMapper().readTree(TEMPLATE.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One sign-in each for SIGN_INS members (each spends their own TOTP code), in ms. */
  private static List<Long> signIns(PalisadeInstance server, TestRealm tenant, String batch) {
    return IntStream.range(0, SIGN_INS).mapToObj(i -> {
      String username = "bench-" + batch + "-" + i;
      var member = tenant.createMember(username, PASSWORD, "viewer");
      long start = System.nanoTime();
      SecondFactorSteps.signIn(OidcLoginDriver.begin(server, tenant, "bench-app"), username,
          PASSWORD, member.totp()).exchangeCode();
      return (System.nanoTime() - start) / 1_000_000;
    }).toList();
  }

  private static void report(String what, List<Long> millis) {
    List<Long> sorted = millis.stream().sorted().toList();
    System.out.printf("BENCH %s: median %d ms (n=%d, min %d, max %d)%n", what,
        sorted.get(sorted.size() / 2), sorted.size(), sorted.get(0),
        sorted.get(sorted.size() - 1));
  }
}
