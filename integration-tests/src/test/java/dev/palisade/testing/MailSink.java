package dev.palisade.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;

/**
 * A real SMTP server on the test host (GreenMail) that the Palisade container sends to through
 * {@code host.docker.internal}. It listens on all interfaces because the container's traffic
 * arrives on the Docker bridge, not on loopback.
 */
public final class MailSink implements AutoCloseable {

  private static final String FROM = "palisade@palisade.test";

  private final GreenMail greenMail;
  private final int port;

  private MailSink(GreenMail greenMail, int port) {
    this.greenMail = greenMail;
    this.port = port;
  }

  public static MailSink start() {
    int port = freePort();
    GreenMail greenMail = new GreenMail(new ServerSetup(port, "0.0.0.0", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    return new MailSink(greenMail, port);
  }

  /** The realm's smtpServer settings that reach this sink from inside the container. */
  public Map<String, String> smtpSettingsForContainer() {
    return Map.of(
        "host", PalisadeServer.HOST_FROM_CONTAINER,
        "port", String.valueOf(port),
        "from", FROM,
        "fromDisplayName", "Palisade tests");
  }

  /** Waits for the first message to {@code recipient}; fails after {@code timeout}. */
  public MimeMessage awaitMessageTo(String recipient, Duration timeout) {
    return Awaitility.await("mail to " + recipient).atMost(timeout)
        .until(() -> messagesTo(recipient), list -> !list.isEmpty())
        .get(0);
  }

  private List<MimeMessage> messagesTo(String recipient) {
    return Arrays.stream(greenMail.getReceivedMessages())
        .filter(message -> isAddressedTo(message, recipient))
        .toList();
  }

  private static boolean isAddressedTo(MimeMessage message, String recipient) {
    try {
      Address[] to = message.getAllRecipients();
      return to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(recipient));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port for the SMTP sink", e);
    }
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
