package dev.palisade.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP endpoint on the test host that takes CloudEvents JSON batches as a SIEM's collector
 * would: every POST to {@code /events} is kept as sent (body bytes and signature header) and
 * answered 202. It listens on all interfaces, since the container's requests arrive on the
 * Docker bridge, and can be stopped and started again on the same port to play an outage.
 */
public final class CloudEventsReceiver implements AutoCloseable {

  public static final String PATH = "/events";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final List<Batch> batches = new ArrayList<>();
  private HttpServer server;

  private CloudEventsReceiver(int port) {
    this.port = port;
  }

  public static CloudEventsReceiver start() {
    CloudEventsReceiver receiver = new CloudEventsReceiver(freePort());
    receiver.startAgain();
    return receiver;
  }

  /** Listens (again) on the same port. */
  public synchronized void startAgain() {
    try {
      server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + port, e);
    }
    server.createContext(PATH, this::receive);
    server.start();
  }

  /** Stops listening: connections are refused until {@link #startAgain}. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** The URL a container posts to. */
  public String urlFromContainer() {
    return "http://" + PalisadeServer.HOST_FROM_CONTAINER + ":" + port + PATH;
  }

  /** Every batch received so far, in arrival order. */
  public synchronized List<Batch> batches() {
    return List.copyOf(batches);
  }

  /** Every event of every batch received so far, in arrival order. */
  public List<Map<String, Object>> events() {
    return batches().stream().flatMap(batch -> batch.events().stream()).toList();
  }

  @Override
  public void close() {
    stop();
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Batch batch = new Batch(exchange.getRequestHeaders().getFirst("Content-Type"),
          exchange.getRequestHeaders().getFirst("Palisade-Signature"), body,
          JSON.readValue(body, new TypeReference<>() { }));
      synchronized (this) {
        batches.add(batch);
      }
      exchange.sendResponseHeaders(202, -1);
    }
  }

  /** One POST as it arrived. */
  public record Batch(String contentType, String signature, byte[] body,
      List<Map<String, Object>> events) {
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
