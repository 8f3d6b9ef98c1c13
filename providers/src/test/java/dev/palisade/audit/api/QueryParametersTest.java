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
}
