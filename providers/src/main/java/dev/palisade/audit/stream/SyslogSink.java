package dev.palisade.audit.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Syslog over TLS (RFC 5425) to one receiver, on one connection kept open between batches.
 * Syslog has no acknowledgement: a batch counts as delivered once written and flushed. To
 * cover a receiver that dies with the last batch still in its socket buffer, the batch written
 * last is written again first on every new connection (a duplicate, by id, at worst).
 */
final class SyslogSink implements AuditSink {

  private final String host;
  private final int port;
  private final int connectTimeoutMillis;
  private final SSLContext tls;
  private final SyslogMessages messages;
  private SSLSocket socket;
  private byte[] lastWritten;

  SyslogSink(String host, int port, int connectTimeoutMillis, SSLContext tls,
      SyslogMessages messages) {
    this.host = host;
    this.port = port;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.tls = tls;
    this.messages = messages;
  }

  @Override
  public synchronized void deliver(SinkBatch batch) throws IOException {
    byte[] frames = messages.frames(batch);
    if (socket != null && !stillOpen()) {
      disconnect();
    }
    try {
      if (socket == null) {
        connect();
        if (lastWritten != null) {
          socket.getOutputStream().write(lastWritten);
        }
      }
      OutputStream out = socket.getOutputStream();
      out.write(frames);
      out.flush();
      lastWritten = frames;
    } catch (IOException e) {
      disconnect();
      throw e;
    }
  }

  @Override
  public String destination() {
    return "syslog+tls://" + host + ":" + port;
  }

  @Override
  public synchronized void close() {
    disconnect();
  }

  private void connect() throws IOException {
    SSLSocket opened = (SSLSocket) tls.getSocketFactory().createSocket();
    try {
      opened.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
      // The receiver's certificate must name the host dialled, as for HTTPS.
      SSLParameters parameters = opened.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      opened.setSSLParameters(parameters);
      opened.setSoTimeout(connectTimeoutMillis);
      opened.startHandshake();
      socket = opened;
    } catch (IOException e) {
      opened.close();
      throw e;
    }
  }

  /**
   * Whether the receiver still has the connection open. A syslog receiver never writes, so a
   * read that times out at once means open, and end of stream means it closed (restarted, or
   * dropped an idle client): then the next batch goes on a new connection instead of into a
   * socket whose other end is gone.
   */
  private boolean stillOpen() {
    try {
      socket.setSoTimeout(1);
      InputStream in = socket.getInputStream();
      return in.read() >= 0;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      try {
        if (!socket.isClosed()) {
          socket.setSoTimeout(connectTimeoutMillis);
        }
      } catch (IOException e) {
        // The next write finds out.
      }
    }
  }

  private void disconnect() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // Going away anyway.
      }
      socket = null;
    }
  }
}
