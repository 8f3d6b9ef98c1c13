package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class AuditTrailTest {

  /** A header as the server hands it over: its bytes read as ISO-8859-1. */
  private static String received(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Test
  void aUserAgentWrittenInUtf8IsRecordedAsWritten() {
    String sent = "Agent/1.0 (\u202Eשלום 😀)";

    assertThat(AuditTrail.asSent(received(sent.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(sent);
  }

  @Test
  void asciiAndLatin1TextStayAsTheyCame() {
    assertThat(AuditTrail.asSent("Mozilla/5.0 (X11; Linux x86_64)"))
        .isEqualTo("Mozilla/5.0 (X11; Linux x86_64)");
    assertThat(AuditTrail.asSent("Agent/1.0 caf\u00e9")).isEqualTo("Agent/1.0 caf\u00e9");
    assertThat(AuditTrail.asSent(null)).isNull();
  }

  @Test
  void bytesThatAreNoUtf8StayAsTheyCame() {
    String received = received(new byte[] {'a', (byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0x80});

    assertThat(AuditTrail.asSent(received)).isEqualTo(received);
  }
}
