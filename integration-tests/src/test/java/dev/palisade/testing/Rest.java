package dev.palisade.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Raw HTTP calls for tests that must see statuses and bodies exactly as the server sent them. */
public final class Rest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .sslContext(TestTls.context()).build();

  private Rest() {
  }

  /** {@code method url}, with a bearer token unless it is null and a body unless it is null. */
  public static Response send(String method, String url, String bearerToken, String contentType,
      String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code body} as JSON; a String is taken as the JSON itself (e.g. a malformed body). */
  public static String json(Object body) {
    try {
      return body instanceof String text ? text : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("not serialisable to JSON: " + body, e);
    }
  }

  /** A form post to {@code url}, e.g. a token request. */
  public static Response postForm(String url, Map<String, String> form) {
    return send("POST", url, null, "application/x-www-form-urlencoded",
        OidcLoginDriver.formEncode(form));
  }

  /** Status and body of a call. */
  public record Response(int status, String body) {

    void requireOk() {
      if (status != 200) {
        throw new AssertionError("the server answered " + status + ": " + body);
      }
    }

    public <T> T json(TypeReference<T> type) {
      try {
        return JSON.readValue(body, type);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public Map<String, Object> json() {
      return json(new TypeReference<>() { });
    }
  }
}
