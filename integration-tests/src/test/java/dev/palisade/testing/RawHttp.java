package dev.palisade.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, byte for byte as the caller writes it: header values with NUL,
 * CR, LF or bytes that are no UTF-8, which {@code java.net.http} refuses to send, and bodies of
 * any size or encoding. One request per connection ({@code Connection: close}).
 */
public final class RawHttp {

  private static final int TIMEOUT_MILLIS = 60_000;

  private final String host;
  private final int port;
  private final boolean tls;

  /** A client of {@code http://host:port} or, through {@link TestTls}, {@code https://…}. */
  public RawHttp(String baseUrl) {
    URI uri = URI.create(baseUrl);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.tls = "https".equals(uri.getScheme());
  }

  /** A request: method, path with its (already encoded) query, raw headers, raw body. */
  public record Request(String method, String target, List<Header> headers, byte[] body) {

    public Request {
      headers = List.copyOf(headers);
    }

    public static Request get(String target) {
      return new Request("GET", target, List.of(), null);
    }

    public Request with(String name, String value) {
      return with(new Header(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    public Request with(Header header) {
      List<Header> more = new ArrayList<>(headers);
      more.add(header);
      return new Request(method, target, more, body);
    }

    public Request body(String contentType, byte[] content) {
      Request typed = contentType == null ? this : with("Content-Type", contentType);
      return new Request(method, target, typed.headers, content);
    }

    public Request method(String newMethod) {
      return new Request(newMethod, target, headers, body);
    }
  }

  /** A header as sent: its value is bytes, not text. */
  public record Header(String name, byte[] value) {
  }

  /**
   * What came back. {@code status} is -1 when the server closed the connection without an
   * answer (a parser that gives up on a request line it cannot read).
   */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public List<String> all(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
  }

  public Response send(Request request) {
    try (Socket socket = tls ? TestTls.context().getSocketFactory().createSocket(host, port)
        : new Socket(host, port)) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      try {
        write(socket.getOutputStream(), request);
      } catch (IOException e) {
        // The server may answer (413, 431) and close before it has read everything sent: the
        // answer is still there to read.
      }
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + abbreviate(request.target())
          + " failed", e);
    }
  }

  private void write(OutputStream socketOut, Request request) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    ascii(head, request.method() + " " + request.target() + " HTTP/1.1\r\n");
    ascii(head, "Host: " + host + ":" + port + "\r\n");
    for (Header header : request.headers()) {
      ascii(head, header.name() + ": ");
      head.write(header.value());
      ascii(head, "\r\n");
    }
    if (request.body() != null) {
      ascii(head, "Content-Length: " + request.body().length + "\r\n");
    }
    ascii(head, "Connection: close\r\n\r\n");
    OutputStream out = socketOut;
    out.write(head.toByteArray());
    if (request.body() != null) {
      out.write(request.body());
    }
    out.flush();
  }

  private static Response read(InputStream in) throws IOException {
    byte[] all;
    try {
      all = in.readAllBytes();
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      // Reset by the server after (or instead of) an answer.
      all = new byte[0];
    }
    int headEnd = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    if (all.length == 0 || headEnd < 0) {
      return new Response(-1, Map.of(), all);
    }
    String[] lines = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
      }
    }
    int bodyStart = headEnd + 4;
    byte[] body = java.util.Arrays.copyOfRange(all, bodyStart, all.length);
    boolean chunked = headers.getOrDefault("transfer-encoding", List.of()).stream()
        .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"));
    return new Response(status, headers, chunked ? dechunk(body) : body);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, at);
      if (lineEnd < 0) {
        break;
      }
      String sizeField = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(sizeField.split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      int start = lineEnd + 2;
      out.write(chunked, start, Math.min(size, chunked.length - start));
      at = start + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void ascii(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** {@code text} cut for a message: hostile values run to megabytes. */
  public static String abbreviate(String text) {
    return text.length() <= 160 ? text : text.substring(0, 160) + "…(" + text.length() + ")";
  }
}
