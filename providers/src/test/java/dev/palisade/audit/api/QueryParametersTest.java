package dev.palisade.audit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

  @Test
  void defaultsToTheFirstHundred() {
    var query = QueryParameters.parse("r", null, null, null, null, null, null, null, null);

    assertThat(query.first()).isZero();
    assertThat(query.max()).isEqualTo(100);
    assertThat(query.from()).isEmpty();
  }

  @Test
  void parsesInstantsAndFilters() {
    var query = QueryParameters.parse("r", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z",
        "alice", "LOGIN", "u1", "failure", "10", "50");

    assertThat(query.from()).contains(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(query.actor()).contains("alice");
    assertThat(query.first()).isEqualTo(10);
    assertThat(query.max()).isEqualTo(50);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "malformed from     | yesterday            |                      |     |",
      "from after to      | 2026-02-01T00:00:00Z | 2026-01-01T00:00:00Z |     |",
      "negative first     |                      |                      | -1  |",
      "first not a number |                      |                      | one |",
      "huge max           |                      |                      |     | 100000",
      "zero max           |                      |                      |     | 0"})
  void refusesBadInputSayingWhichParameterIsWrong(String name, String from, String to,
      String first, String max) {
    assertThatThrownBy(() -> QueryParameters.parse("r", from, to, null, null, null, null,
        first, max))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageMatching(".*'(from|to|first|max)'.*");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "beyond epoch milliseconds | +1000000000-01-01T00:00:00Z |",
      "far before them           |                             | -1000000000-01-01T00:00:00Z"})
  void refusesInstantsNoRecordCanHave(String name, String from, String to) {
    assertThatThrownBy(() -> QueryParameters.parse("r", from, to, null, null, null, null,
        null, null))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageMatching("'(from|to)' must lie between .*");
  }

  @Test
  void refusesFiltersNoStoredValueCanEqual() {
    assertThatThrownBy(() -> QueryParameters.parse("r", null, null, "a".repeat(256), null, null,
        null, null, null))
        .isInstanceOf(InvalidQueryException.class).hasMessageStartingWith("'actor'");
    assertThatThrownBy(() -> QueryParameters.parse("r", null, null, null, "LOG\u0000IN", null,
        null, null, null))
        .isInstanceOf(InvalidQueryException.class).hasMessageStartingWith("'action'");
    assertThatThrownBy(() -> QueryParameters.parse("r", null, null, null, null, "\uD800", null,
        null, null))
        .isInstanceOf(InvalidQueryException.class).hasMessageStartingWith("'target'");
  }

  @Test
  void acceptsFiltersAsLongAsTheirColumnsAndInAnyScript() {
    var query = QueryParameters.parse("r", null, null, "a".repeat(255), null, null,
        "failure:\u00e9\ud83d\ude00", null, null);

    assertThat(query.actor()).contains("a".repeat(255));
    assertThat(query.outcome()).contains("failure:\u00e9\ud83d\ude00");
  }
}
