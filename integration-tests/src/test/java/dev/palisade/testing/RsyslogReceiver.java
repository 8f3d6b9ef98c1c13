package dev.palisade.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's rsyslogd on the test host, receiving syslog over TLS (imtcp with the gtls driver,
 * RFC 5425 octet-counted frames) as a SIEM's collector would, and writing each message it
 * received from Palisade as one line of a file. Its certificate is issued by a CA made for the
 * run and names {@code host.docker.internal}, the name containers dial. It runs in the
 * foreground as a child process, so stopping it is killing exactly that process.
 */
public final class RsyslogReceiver implements AutoCloseable {

  private static final Pattern MESSAGE = Pattern.compile("^<(\\d+)>1 (\\S+) (\\S+) palisade - "
      + "(\\S+) \\[palisade@32473 realm=\"(.*?)\" realmId=\"(.*?)\" seq=\"(\\d+)\""
      + " id=\"(.*?)\" hash=\"(.*?)\"\\] (.*)$");

  private final Path dir;
  private final int port;
  private Process process;

  private RsyslogReceiver(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** A receiver with a fresh CA, certificate and port, started. */
  public static RsyslogReceiver start() {
    try {
      Path dir = Files.createTempDirectory("palisade-rsyslog");
      makeCertificates(dir);
      RsyslogReceiver receiver = new RsyslogReceiver(dir, freePort());
      Files.writeString(dir.resolve("rsyslog.conf"), receiver.config());
      receiver.startAgain();
      return receiver;
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare rsyslog", e);
    }
  }

  /** Starts rsyslogd (again, on the same port) and waits until it accepts connections. */
  public void startAgain() {
    try {
      process = new ProcessBuilder("rsyslogd", "-n", "-f", dir.resolve("rsyslog.conf").toString(),
          "-i", dir.resolve("rsyslogd.pid").toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rsyslogd.out").toFile()))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start rsyslogd (Debian packages rsyslog and"
          + " rsyslog-gnutls)", e);
    }
    Eventually.until("rsyslogd listening on " + port, Duration.ofSeconds(20),
        this::listening, Boolean::booleanValue);
  }

  /** Stops rsyslogd as an outage would: the port refuses connections until started again. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  public int port() {
    return port;
  }

  /** The CA certificate (PEM) that issued the receiver's certificate. */
  public Path caFile() {
    return dir.resolve("ca.pem");
  }

  /** Every message received from Palisade so far, in arrival order. */
  public List<Message> messages() {
    Path file = dir.resolve("received.log");
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      List<Message> messages = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        Matcher matcher = MESSAGE.matcher(line);
        if (!matcher.matches()) {
          throw new AssertionError("not an RFC 5424 message from Palisade: " + line);
        }
        messages.add(new Message(Integer.parseInt(matcher.group(1)), matcher.group(4),
            matcher.group(5), matcher.group(6), Long.parseLong(matcher.group(7)),
            matcher.group(8), matcher.group(9), matcher.group(10)));
      }
      return messages;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * One received message: PRI, MSGID ({@code record} or {@code checkpoint}), the structured
   * data and the JSON body.
   */
  public record Message(int priority, String msgId, String realm, String realmId, long seq,
      String id, String hash, String json) {
  }

  private String config() {
    return """
        global(workDirectory="%1$s"
               defaultNetstreamDriver="gtls"
               defaultNetstreamDriverCAFile="%1$s/ca.pem"
               defaultNetstreamDriverCertFile="%1$s/server.pem"
               defaultNetstreamDriverKeyFile="%1$s/server.key")
        module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1"
               streamDriver.authMode="anon")
        input(type="imtcp" port="%2$d")
        template(name="asReceived" type="string" string="%%rawmsg%%\\n")
        if $app-name == "palisade" then {
          action(type="omfile" file="%1$s/received.log" template="asReceived")
        }
        """.formatted(dir, port);
  }

  private boolean listening() {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      if (process != null && !process.isAlive()) {
        throw new AssertionError("rsyslogd exited: " + output());
      }
      return false;
    }
  }

  private String output() {
    try {
      return Files.readString(dir.resolve("rsyslogd.out"));
    } catch (IOException e) {
      return "(no output)";
    }
  }

  private static void makeCertificates(Path dir) {
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Palisade test SIEM CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
        "-out", "server.csr", "-subj", "/CN=" + PalisadeServer.HOST_FROM_CONTAINER);
    try {
      Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:"
          + PalisadeServer.HOST_FROM_CONTAINER + ",DNS:localhost\n"
          + "extendedKeyUsage=serverAuth\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-out", "server.pem", "-extfile", "server.ext");
  }

  private static void openssl(Path dir, String... arguments) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    try {
      Process openssl = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).start();
      String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (openssl.waitFor() != 0) {
        throw new IllegalStateException("openssl " + arguments[0] + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run openssl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
