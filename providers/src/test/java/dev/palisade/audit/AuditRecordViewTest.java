package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Map;

import dev.palisade.audit.chain.ChainFormat;
import dev.palisade.audit.chain.ChainHash;
import org.junit.jupiter.api.Test;

class AuditRecordViewTest {

  private static final AuditRecord RECORD = new AuditRecord("e1", 0L, "realm-id", "acme",
      new AuditRecord.Actor("user", "u1", "alice"), "LOGIN",
      new AuditRecord.Target("user", "u1"), "success", "10.0.0.1", "curl/8",
      Map.of("zeta", "z", "alpha", "a"));

  @Test
  void viewHasTheContractFields() {
    assertThat(RECORD.view(7, ChainFormat.V1)).containsOnlyKeys("seq", "id", "time", "realm",
        "actor", "action", "target", "outcome", "ip", "userAgent", "details");
    assertThat(RECORD.view(7, ChainFormat.V2)).containsEntry("v", 2).hasSize(12);
  }

  @Test
  void canonicalFormSortsKeysAtEveryLevelWithoutWhiteSpace() {
    assertThat(ChainFormat.V2.canonical(RECORD.view(7, ChainFormat.V2))).isEqualTo(
        "{\"action\":\"LOGIN\",\"actor\":{\"id\":\"u1\",\"type\":\"user\",\"username\":\"alice\"},"
            + "\"details\":{\"alpha\":\"a\",\"zeta\":\"z\"},\"id\":\"e1\",\"ip\":\"10.0.0.1\","
            + "\"outcome\":\"success\",\"realm\":\"acme\",\"seq\":7,"
            + "\"target\":{\"id\":\"u1\",\"type\":\"user\"},\"time\":\"1970-01-01T00:00:00Z\","
            + "\"userAgent\":\"curl/8\",\"v\":2}");
  }

  @Test
  void canonicalFormLeavesOutNullFieldsAtEveryLevel() {
    AuditRecord anonymous = new AuditRecord("e2", 0L, "realm-id", "acme",
        new AuditRecord.Actor("anonymous", null, null), "LOGIN",
        new AuditRecord.Target("client", null), "failure:x", null, null,
        Collections.singletonMap("k", null));

    assertThat(ChainFormat.V2.canonical(anonymous.view(1, ChainFormat.V1))).isEqualTo(
        "{\"action\":\"LOGIN\",\"actor\":{\"type\":\"anonymous\"},\"details\":{},\"id\":\"e2\","
            + "\"outcome\":\"failure:x\",\"realm\":\"acme\",\"seq\":1,"
            + "\"target\":{\"type\":\"client\"},\"time\":\"1970-01-01T00:00:00Z\"}");
  }

  @Test
  void hashIsSha256OfPreviousHashNewlineAndCanonicalForm() {
    // Computed independently: printf '%s\n%s' "$(printf '0%.0s' $(seq 64))" '{}' | sha256sum
    assertThat(ChainHash.next(ChainHash.GENESIS, "{}"))
        .isEqualTo("5649d09ed68c17156095d175eef152856c5b1a81c117c409c1e00f096aa6838e");
  }

  @Test
  void anyChangeToARecordChangesItsHash() {
    String original = ChainFormat.V2.canonical(RECORD.view(7, ChainFormat.V2));
    AuditRecord edited = new AuditRecord("e1", 0L, "realm-id", "acme",
        new AuditRecord.Actor("user", "u1", "mallory"), "LOGIN",
        new AuditRecord.Target("user", "u1"), "success", "10.0.0.1", "curl/8",
        Map.of("zeta", "z", "alpha", "a"));

    assertThat(ChainHash.next(ChainHash.GENESIS, original)).isNotEqualTo(
        ChainHash.next(ChainHash.GENESIS, ChainFormat.V2.canonical(edited.view(7, ChainFormat.V2))));
  }
}
