package dev.palisade.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.AuditRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StoredValuesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MARKER = StoredValues.MARKER;

  private static AuditRecord record(String username, String ip, String userAgent,
      Map<String, Object> details) {
    return new AuditRecord("5d0c8e9c-1f55-4a48-9d07-0a6b3f3f6d2e", 1L, "realm-id", "acme",
        new AuditRecord.Actor("user", "u1", username), "LOGIN",
        new AuditRecord.Target("user", "u1"), "failure:invalid_user_credentials", ip, userAgent,
        details);
  }

  @Test
  void aRecordThatFitsIsStoredAsItIs() {
    AuditRecord record = record("alice", "203.0.113.7", "Mozilla/5.0 (X11) – ünïcødé 😀",
        Map.of("username", "alice", "nested", Map.of("list", List.of("a", 1, true))));

    assertThat(StoredValues.bound(record)).isEqualTo(record);
  }

  @Test
  void anOversizedUserAgentFillsItsColumnAndEndsWithTheMarker() {
    String userAgent = "Mozilla/5.0 " + "A".repeat(2000);

    String stored = StoredValues.bound(record("alice", null, userAgent, Map.of())).userAgent();

    assertThat(stored).hasSize(AuditEventEntity.USER_AGENT_LENGTH).endsWith(MARKER)
        .startsWith("Mozilla/5.0 AAAA");
    assertThat(userAgent).startsWith(stored.substring(0, stored.length() - MARKER.length()));
  }

  @Test
  void everyBoundedColumnIsCutToItsSize() {
    String huge = "x".repeat(10_000);
    AuditRecord record = new AuditRecord("id", 1L, "realm-id", huge,
        new AuditRecord.Actor(huge, huge, huge), huge, new AuditRecord.Target(huge, huge), huge,
        huge, huge, Map.of());

    AuditRecord stored = StoredValues.bound(record);

    assertThat(stored.realm()).hasSize(AuditEventEntity.NAME_LENGTH).endsWith(MARKER);
    assertThat(stored.actor().type()).hasSize(AuditEventEntity.ACTOR_TYPE_LENGTH);
    assertThat(stored.actor().id()).hasSize(AuditEventEntity.NAME_LENGTH);
    assertThat(stored.actor().username()).hasSize(AuditEventEntity.NAME_LENGTH);
    assertThat(stored.action()).hasSize(AuditEventEntity.NAME_LENGTH);
    assertThat(stored.target().type()).hasSize(AuditEventEntity.TARGET_TYPE_LENGTH);
    assertThat(stored.target().id()).hasSize(AuditEventEntity.NAME_LENGTH);
    assertThat(stored.outcome()).hasSize(AuditEventEntity.NAME_LENGTH);
    assertThat(stored.ip()).hasSize(AuditEventEntity.NAME_LENGTH);
    assertThat(stored.userAgent()).hasSize(AuditEventEntity.USER_AGENT_LENGTH);
  }

  @Test
  void anIdThatIsNoEventIdGetsOneOfItsOwn() {
    AuditRecord record = new AuditRecord("i".repeat(40), 1L, "realm-id", "acme",
        AuditRecord.Actor.SYSTEM, "X", new AuditRecord.Target("realm", "r"), "success", null,
        null, Map.of());

    assertThat(StoredValues.bound(record).id()).hasSize(36).doesNotContain("iiii");
  }

  static Stream<String> multiByteText() {
    return Stream.of("😀".repeat(600), "é".repeat(600), "a" + "😀".repeat(600),
        "\u05D0\u202E".repeat(400), "中文".repeat(300));
  }

  @ParameterizedTest
  @MethodSource("multiByteText")
  void multiByteTextIsCutBetweenCharactersNeverInsideOne(String text) {
    String stored = StoredValues.text(text, 255);

    assertThat(stored.length()).isLessThanOrEqualTo(255);
    assertThat(stored.codePointCount(0, stored.length())).isLessThanOrEqualTo(255);
    assertThat(stored).endsWith(MARKER).doesNotContain("\uFFFD");
    assertThat(StoredValues.clean(stored)).isEqualTo(stored);
  }

  @Test
  void controlCharactersAndLoneSurrogatesAreReplacedTabsAndNewlinesKept() {
    String hostile = "a\u0000b\u0001c\u001Bd\u007Fe\u0085f\tg\nh\ri\uD800j\uDC00k😀";

    assertThat(StoredValues.text(hostile, 255))
        .isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\tg\nh\ri\uFFFDj\uFFFDk😀");
  }

  @Test
  void aLoneHighSurrogateAtTheEndIsReplaced() {
    assertThat(StoredValues.text("ab\uD83D", 255)).isEqualTo("ab\uFFFD");
  }

  @Test
  void detailsValuesAndKeysAreBoundedAtEveryLevel() throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("username", "u".repeat(10_000));
    details.put("k".repeat(500), "v");
    details.put("nested", Map.of("list", List.of("\u0000" + "w".repeat(5000))));

    Map<String, Object> stored = StoredValues.details(details);

    assertThat((String) stored.get("username"))
        .hasSize(StoredValues.DETAIL_VALUE_LENGTH).endsWith(MARKER);
    assertThat(stored.keySet()).anyMatch(key -> key.length()
        == StoredValues.DETAIL_KEY_LENGTH && key.endsWith(MARKER));
    String listed = (String) ((List<?>) ((Map<?, ?>) stored.get("nested")).get("list")).get(0);
    assertThat(listed).startsWith("\uFFFDwww").hasSize(StoredValues.DETAIL_VALUE_LENGTH);
    assertThat(JSON.readTree(JSON.writeValueAsString(stored)).isObject()).isTrue();
  }

  @Test
  void deepNestingEndsInTheMarker() throws Exception {
    Map<String, Object> deepest = new LinkedHashMap<>();
    Map<String, Object> details = deepest;
    for (int level = 0; level < 10_000; level++) {
      Map<String, Object> inner = new LinkedHashMap<>();
      deepest.put("a", level % 2 == 0 ? inner : List.of(inner));
      deepest = inner;
    }

    String json = JSON.writeValueAsString(StoredValues.details(details));

    assertThat(json).contains(MARKER).hasSizeLessThan(200);
    assertThat(JSON.readTree(json).isObject()).isTrue();
  }

  @Test
  void longArraysAndObjectsKeepTheirFirstEntriesAndSayTheyWentOn() {
    Map<String, Object> many = new LinkedHashMap<>();
    IntStream.range(0, 1500).forEach(i -> many.put("key" + i, i));
    Map<String, Object> details = Map.of(
        "list", IntStream.range(0, 1500).boxed().toList(), "map", many);

    Map<String, Object> stored = StoredValues.details(details);

    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) stored.get("list");
    assertThat(list).hasSize(StoredValues.DETAIL_ITEMS + 1).endsWith((Object) MARKER);
    assertThat(list.get(999)).isEqualTo(999);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) stored.get("map");
    assertThat(map).hasSize(StoredValues.DETAIL_ITEMS + 1)
        .containsEntry(StoredValues.OMITTED_ENTRIES, (Object) 500).containsEntry("key999", 999);
  }

  @Test
  void anOversizedDocumentKeepsItsKeysAndStaysJson() throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("action", "PUT");
    details.put("before", strings(200));
    details.put("after", strings(200));
    details.put("actorRealm", "master");

    Map<String, Object> stored = StoredValues.details(details);
    String json = JSON.writeValueAsString(stored);

    assertThat(json.length()).isLessThanOrEqualTo(StoredValues.DETAILS_LENGTH);
    assertThat(stored.keySet()).containsExactly("action", "before", "after", "actorRealm");
    assertThat(stored).containsEntry("action", "PUT").containsEntry("after", MARKER)
        .containsEntry("actorRealm", "master");
    assertThat(stored.get("before")).isInstanceOf(List.class);
    assertThat(JSON.readTree(json).isObject()).isTrue();
  }

  @Test
  void boundingTwiceChangesNothingMore() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("username", "\u0000😀".repeat(3000));
    details.put("big", strings(400));
    AuditRecord once = StoredValues.bound(record("😀".repeat(3000) + "\uD800",
        "1.2.3.4, ".repeat(100), "\r\n".repeat(2000), details));

    assertThat(StoredValues.bound(once)).isEqualTo(once);
  }

  @Test
  void otherValueTypesAreStoredAsJacksonWritesThem() {
    Map<String, Object> details = Map.of("when", java.time.Instant.EPOCH, "letter", 'x',
        "array", new Object[] {"a", null});

    Map<String, Object> stored = StoredValues.details(details);

    assertThat(stored.get("letter")).isEqualTo("x");
    assertThat(stored.get("array")).isEqualTo(java.util.Arrays.asList("a", null));
    assertThat(stored.get("when")).isNotNull();
  }

  private static List<String> strings(int count) {
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      strings.add(i + "-" + "s".repeat(StoredValues.DETAIL_VALUE_LENGTH - 10));
    }
    return strings;
  }
}
