package dev.palisade.testing;

import java.util.HashMap;
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

  /** How many backend servers the statistics CSV shows up. */
  public static int serversUp(String statsCsv) {
    return requestsPerServer(statsCsv).size();
  }

  /** Per backend server that is up: the HTTP requests it has been sent ({@code stot}). */
  public static Map<String, Long> requestsPerServer(String statsCsv) {
    String[] lines = statsCsv.split("\n");
    String[] header = lines[0].replaceFirst("^# ", "").split(",", -1);
    int name = column(header, "svname");
    int status = column(header, "status");
    int sessions = column(header, "stot");
    Map<String, Long> perServer = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] row = lines[i].split(",", -1);
      if (row.length <= status || row[name].equals("FRONTEND") || row[name].equals("BACKEND")) {
        continue;
      }
      if (row[status].startsWith("UP")) {
        perServer.put(row[0] + "/" + row[name], Long.parseLong(row[sessions]));
      }
    }
    return perServer;
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
