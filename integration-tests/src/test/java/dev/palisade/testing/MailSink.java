package dev.palisade.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;

/**
 * A real SMTP server on the test host (GreenMail) that the Palisade container sends to through
 * {@code host.docker.internal}. It listens on all interfaces because the container's traffic
 * arrives on the Docker bridge, not on loopback.
 */
public final class MailSink implements AutoCloseable {

  private static final String FROM = "palisade@palisade.test";
  private static final Pattern ACTION_LINK =
      Pattern.compile("https?://[^\\s\"<>]+/login-actions/action-token\\?[^\\s\"<>]+");

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

  /** Waits until {@code count} messages reached {@code recipient}; returns them, oldest first. */
  public List<MimeMessage> awaitMessagesTo(String recipient, int count, Duration timeout) {
    return Awaitility.await(count + " mails to " + recipient).atMost(timeout)
        .until(() -> messagesTo(recipient), list -> list.size() >= count);
  }

  /** The first {@code /login-actions/action-token} link in {@code message}'s text. */
  public static URI actionLink(MimeMessage message) {
    String text = text(message);
    Matcher link = ACTION_LINK.matcher(text);
    if (!link.find()) {
      throw new AssertionError("no action link in: " + text);
    }
    return URI.create(link.group());
  }

  /** The message's plain-text part, decoded: what it tells the person. */
  public static String text(MimeMessage message) {
    try {
      return plainText(message.getContent());
    } catch (IOException | MessagingException e) {
      throw new IllegalStateException("unreadable mail", e);
    }
  }

  private static String plainText(Object content) throws IOException, MessagingException {
    if (content instanceof String text) {
      return text;
    }
    if (content instanceof Multipart parts) {
      for (int i = 0; i < parts.getCount(); i++) {
        BodyPart part = parts.getBodyPart(i);
        if (part.isMimeType("text/plain") || part.isMimeType("multipart/*")) {
          return plainText(part.getContent());
        }
      }
    }
    throw new AssertionError("no text/plain part in the mail");
  }

  /** The messages that reached {@code recipient} so far (a part of the address will do). */
  public List<MimeMessage> messagesTo(String recipient) {
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
