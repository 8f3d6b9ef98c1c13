package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.palisade.testing.MailSink;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.TestRealm;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Email leaves the container through real SMTP and arrives in the host's sink. */
@ExtendWith(PalisadeServer.class)
class MailSinkIT {

  @Test
  void requiredActionEmailReachesTheSinkWithAnActionLink(PalisadeServer server) throws Exception {
    try (TestRealm realm = TestRealm.create(server); MailSink mail = MailSink.start()) {
      realm.useMailSink(mail);
      String userId = realm.createUser("erin", "correct-horse-battery-staple");

      realm.resource().users().get(userId).executeActionsEmail(List.of("UPDATE_PASSWORD"));

      MimeMessage message = mail.awaitMessageTo("erin@palisade.test", Duration.ofSeconds(30));
      assertThat(message.getFrom()[0].toString()).contains("palisade@palisade.test");
      assertThat(GreenMailUtil.getBody(message))
          .contains("/realms/" + realm.name() + "/login-actions/action-token?key=");
    }
  }
}
