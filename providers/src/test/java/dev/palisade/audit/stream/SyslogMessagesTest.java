package dev.palisade.audit.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.palisade.audit.AuditRecord;
import dev.palisade.audit.chain.ChainFormat;
import dev.palisade.audit.store.AuditStore.SealedRecord;
import org.junit.jupiter.api.Test;

class SyslogMessagesTest {

  private final SyslogMessages messages = new SyslogMessages(13, "kc node\u00e9-1");

  @Test
  void framesCountBytesNotCharactersSoNonAsciiValuesStayInOneMessage() {
    List<String> framed = unframe(messages.frames(batch(record("1", "success", "Zoë 🛡"),
        record("2", "failure:invalid_user_credentials", "x\"]\\y"))));

    assertThat(framed).hasSize(2);
    assertThat(framed.get(0)).startsWith("<110>1 2026-11-24T09:15:02.123Z kcnode-1 palisade -"
        + " record [palisade@32473 realm=\"acme\" realmId=\"realm-id\" seq=\"1\" id=\"1\""
        + " hash=\"h1\"] {").contains("Zoë 🛡");
    // A failed action is a notice (5), not informational (6).
    assertThat(framed.get(1)).startsWith("<109>1 ");
  }

  @Test
  void structuredDataEscapesQuotesBracketsAndBackslashes() {
    String framed = unframe(messages.frames(new SinkBatch("realm-id",
        List.of(new SealedRecord(1, "h1", ChainFormat.CURRENT, new AuditRecord("i\"d]\\", 1L,
            "realm-id", "acme", new AuditRecord.Actor("user", "u", "alice"), "LOGIN",
            new AuditRecord.Target("user", "u"), "success", null, null, Map.of()))),
        List.of(), payload -> ""))).get(0);

    assertThat(framed).contains(" id=\"i\\\"d\\]\\\\\" ");
  }

  private static SinkBatch batch(SealedRecord... records) {
    return new SinkBatch("realm-id", List.of(records), List.of(), payload -> "");
  }

  private static SealedRecord record(String id, String outcome, String username) {
    return new SealedRecord(Long.parseLong(id), "h" + id, ChainFormat.CURRENT, new AuditRecord(id,
        1_795_511_702_123L, "realm-id", "acme",
        new AuditRecord.Actor("user", "u" + id, username), "LOGIN",
        new AuditRecord.Target("user", "u" + id), outcome, "203.0.113.7", "agent", Map.of()));
  }

  /** Reads RFC 5425 octet-counted frames back, failing on any miscount. */
  private static List<String> unframe(byte[] bytes) {
    List<String> messages = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      int space = at;
      while (bytes[space] != ' ') {
        space++;
      }
      int length = Integer.parseInt(new String(bytes, at, space - at, StandardCharsets.US_ASCII));
      messages.add(new String(Arrays.copyOfRange(bytes, space + 1, space + 1 + length),
          StandardCharsets.UTF_8));
      at = space + 1 + length;
    }
    return messages;
  }
}
