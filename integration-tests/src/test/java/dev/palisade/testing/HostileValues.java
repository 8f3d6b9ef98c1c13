package dev.palisade.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Generated hostile input: values for headers, parameters and JSON fields, and whole request
 * bodies. A value is bytes, not text, so that input that is no UTF-8 at all can be sent as it
 * is; {@link Value#text()} is what a server decoding it as UTF-8 sees.
 */
public final class HostileValues {

  private HostileValues() {
  }

  /** One hostile value, named for test reports. */
  public record Value(String name, byte[] bytes) {

    public static Value of(String name, String text) {
      return new Value(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Value raw(String name, int... bytes) {
      byte[] raw = new byte[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        raw[i] = (byte) bytes[i];
      }
      return new Value(name, raw);
    }

    /** The value as a UTF-8 decoder reads it (invalid bytes become U+FFFD). */
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Percent-encoded byte for byte, for a query string, a path segment or a form. */
    public String encoded() {
      StringBuilder out = new StringBuilder(bytes.length * 3);
      for (byte b : bytes) {
        int c = b & 0xFF;
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
            || c == '-' || c == '_' || c == '.' || c == '~') {
          out.append((char) c);
        } else {
          out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
              .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
        }
      }
      return out.toString();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A whole request body with its content type. */
  public record Body(String name, String contentType, byte[] bytes) {

    static Body json(String name, String json) {
      return new Body(name, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public static final String USER_AGENT_2K = "Mozilla/5.0 (hostile) " + "A".repeat(1978);

  /** Values that can travel in a header: a header line ends at CR LF, so some split it. */
  public static List<Value> headerValues() {
    return List.of(
        Value.of("2,000 characters", USER_AGENT_2K),
        Value.of("10,000 characters", "b".repeat(10_000)),
        Value.of("100,000 characters", "c".repeat(100_000)),
        Value.of("NUL", "a\u0000b"),
        Value.of("control characters", "\u0001\u0007\u001b[31mred\u007f"),
        Value.of("CR LF injecting a header", "x\r\nX-Injected: yes"),
        Value.of("bare CR", "x\ry"),
        Value.raw("bytes that are no UTF-8", 'a', 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80,
            0xC0, 0xAF, 0xF4, 0x90, 0x80, 0x80),
        Value.of("right-to-left and emoji", "\u202Egnp.exe\u202C 😀👩‍👩‍👧 שלום مرحبا"),
        Value.of("empty", ""),
        Value.of("markup and format strings",
            "%s%n%x ${env:PATH} {{7*7}} <script>alert(1)</script> ' OR 1=1 --"));
  }

  /** Values for query and form parameters, path segments and JSON string fields. */
  public static List<Value> parameterValues() {
    List<Value> values = new ArrayList<>(headerValues().stream()
        .filter(v -> !v.name().equals("100,000 characters")).toList());
    values.add(Value.of("1,000,000 characters", "d".repeat(1_000_000)));
    values.add(Value.raw("a lone surrogate, UTF-8 encoded", 'x', 0xED, 0xA0, 0x80, 'y'));
    values.add(Value.of("path traversal", "../../master"));
    values.add(Value.of("a number past any integer", "99999999999999999999999"));
    values.add(Value.of("a negative number", "-1"));
    return values;
  }

  /** A smaller set where every case costs a password hash or a realm: the worst of each kind. */
  public static List<Value> costlyParameterValues() {
    List<String> kept = List.of("2,000 characters", "10,000 characters", "1,000,000 characters",
        "NUL", "control characters", "bytes that are no UTF-8", "right-to-left and emoji",
        "a lone surrogate, UTF-8 encoded", "empty");
    return parameterValues().stream().filter(v -> kept.contains(v.name())).toList();
  }

  /** Bodies that are not what a JSON endpoint expects, or are JSON built to hurt a parser. */
  public static List<Body> jsonBodies() {
    return List.of(
        Body.json("not JSON", "this is not json"),
        Body.json("truncated JSON", "{\"name\":"),
        Body.json("JSON null", "null"),
        Body.json("a JSON array", "[]"),
        Body.json("a JSON string", "\"x\""),
        Body.json("empty", ""),
        Body.json("arrays nested 10,000 deep", "[".repeat(10_000) + "]".repeat(10_000)),
        Body.json("objects nested 10,000 deep",
            "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)),
        Body.json("a 5 MB string", "{\"name\":\"" + "x".repeat(5_000_000) + "\"}"),
        Body.json("a 3 MB array", "{\"grant\":[" + "\"p\",".repeat(750_000) + "\"p\"]}"),
        Body.json("100,000 keys", "{" + java.util.stream.IntStream.range(0, 100_000)
            .mapToObj(i -> "\"k" + i + "\":0").collect(Collectors.joining(",")) + "}"),
        Body.json("a number with 100,000 digits", "{\"n\":" + "9".repeat(100_000) + "}"),
        Body.json("NUL escaped in strings", "{\"name\":\"a\\u0000b\",\"grant\":[\"\\u0000\"]}"),
        new Body("bytes that are no UTF-8", "application/json",
            concat("{\"name\":\"".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0,
                    (byte) 0x80}, "\"}".getBytes(StandardCharsets.UTF_8))),
        new Body("JSON sent as text/plain", "text/plain",
            "{\"grant\":[],\"revoke\":[]}".getBytes(StandardCharsets.UTF_8)),
        new Body("a form instead of JSON", "application/x-www-form-urlencoded",
            "name=x&plan=free".getBytes(StandardCharsets.UTF_8)),
        new Body("XML", "application/xml",
            "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>"
                .getBytes(StandardCharsets.UTF_8)),
        new Body("a content type that is no media type", "\u0001;;;=",
            "{}".getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * {@code valid} with one string field replaced by {@code value}, once per string field: the
   * request an endpoint would accept, hostile in exactly one place. Paths name the field.
   */
  public static Map<String, Object> replacing(Map<String, Object> valid, List<String> path,
      String value) {
    Map<String, Object> copy = new java.util.LinkedHashMap<>(valid);
    if (path.size() == 1) {
      copy.put(path.get(0), value);
      return copy;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) valid.get(path.get(0));
    copy.put(path.get(0), replacing(inner, path.subList(1, path.size()), value));
    return copy;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
