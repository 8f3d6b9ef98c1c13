package dev.palisade.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the tests know of the edge proxy image (docker/proxy/): its ports and its statistics. */
public final class ProxyPorts {

  /** TLS, where clients come in. */
  public static final int TLS = 8443;
  /** Statistics and metrics, for the internal network only. */
  public static final int STATS = 8404;

  /**
   * Rate limits far above what the tests send through the shared proxy, so that only the test
   * of the limits meets them (on a proxy of its own).
   */
  static final Map<String, String> DEFAULTS_FOR_TESTS = Map.of(
      "PALISADE_RATE_PER_IP", "100000",
      "PALISADE_RATE_PER_USERNAME", "100000");

  private ProxyPorts() {
  }

  /** How many backend servers passed their latest health check ({@link #statePerServer}). */
  public static int serversUp(String statsCsv) {
    return (int) statePerServer(statsCsv).values().stream().filter("UP L7OK"::equals).count();
  }

  /** Per backend server that is up: the HTTP requests it has been sent ({@code stot}). */
  public static Map<String, Long> requestsPerServer(String statsCsv) {
    Map<String, Long> perServer = new HashMap<>();
    for (Map<String, String> server : servers(statsCsv)) {
      if (server.get("status").startsWith("UP")) {
        perServer.put(server.get("name"), Long.parseLong(server.get("stot")));
      }
    }
    return perServer;
  }

  /**
   * Per backend server slot, up or not: its state and the result of its last health check, e.g.
   * {@code UP L7OK}, {@code UP 1/2 L4TOUT} (up, one failed check), {@code DOWN L7STS} or
   * {@code MAINT (resolution)} (no address). A slot that DNS fills again counts as up until its
   * first check fails (seen as {@code UP 1/2} with the old result), so only {@code UP L7OK} says
   * a node passed its latest check.
   */
  public static Map<String, String> statePerServer(String statsCsv) {
    Map<String, String> perServer = new HashMap<>();
    for (Map<String, String> server : servers(statsCsv)) {
      // "* " before the last result only says the next check is under way.
      String check = server.get("check_status").replaceFirst("^\\* ", "");
      perServer.put(server.get("name"), (server.get("status") + " " + check).trim());
    }
    return perServer;
  }

  /** The statistics' server rows, each as column name to value; {@code name} is backend/server. */
  private static List<Map<String, String>> servers(String statsCsv) {
    String[] lines = statsCsv.split("\n");
    String[] header = lines[0].replaceFirst("^# ", "").split(",", -1);
    int name = column(header, "svname");
    int status = column(header, "status");
    List<Map<String, String>> servers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] row = lines[i].split(",", -1);
      if (row.length <= status || row[name].equals("FRONTEND") || row[name].equals("BACKEND")) {
        continue;
      }
      Map<String, String> server = new HashMap<>();
      for (int column = 0; column < Math.min(header.length, row.length); column++) {
        server.put(header[column], row[column]);
      }
      server.put("name", row[0] + "/" + row[name]);
      servers.add(server);
    }
    return servers;
  }

  private static int column(String[] header, String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name + " in the proxy's statistics");
  }
}
