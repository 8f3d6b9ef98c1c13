package dev.palisade.audit.stream;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Posts each batch as CloudEvents JSON to one URL, signed with the realm's audit key: the
 * {@value #SIGNATURE_HEADER} header holds a compact JWS (EdDSA) over the exact body bytes with
 * the payload detached (RFC 7515, appendix F). Delivered means a 2xx answer.
 */
final class CloudEventsSink implements AuditSink {

  static final String SIGNATURE_HEADER = "Palisade-Signature";

  private final URI url;
  private final Optional<String> authorization;
  private final Duration timeout;
  private final HttpClient http;

  CloudEventsSink(URI url, Optional<String> authorization, Duration timeout, HttpClient http) {
    this.url = url;
    this.authorization = authorization;
    this.timeout = timeout;
    this.http = http;
  }

  @Override
  public void deliver(SinkBatch batch) throws IOException {
    byte[] body = CloudEventsBatch.body(batch);
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", CloudEventsBatch.MEDIA_TYPE)
        .header(SIGNATURE_HEADER, batch.signer().signDetached(body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    authorization.ifPresent(value -> request.header("Authorization", value));
    HttpResponse<Void> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while posting to " + url, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(url + " answered " + response.statusCode());
    }
  }

  @Override
  public String destination() {
    return url.toString();
  }
}
