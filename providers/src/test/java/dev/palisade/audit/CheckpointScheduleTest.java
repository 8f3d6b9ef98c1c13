package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.palisade.audit.chain.Checkpoint;
import org.junit.jupiter.api.Test;

class CheckpointScheduleTest {

  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private final CheckpointSchedule schedule =
      new CheckpointSchedule(100, Duration.ofMinutes(10), Duration.ofDays(30));

  private static Optional<Checkpoint> at(long seq, Instant time) {
    return Optional.of(new Checkpoint(2, "acme", seq, "ab".repeat(32), time.toString(), "k", "s"));
  }

  @Test
  void aChainWithoutCheckpointGetsOneAtOnce() {
    assertThat(schedule.due(1, Optional.empty(), NOW)).isTrue();
    assertThat(schedule.due(0, Optional.empty(), NOW)).isFalse();
  }

  @Test
  void aCheckpointIsDueAfterEveryNRecordsOrAfterTheInterval() {
    assertThat(schedule.due(150, at(100, NOW), NOW)).isFalse();
    assertThat(schedule.due(200, at(100, NOW), NOW)).isTrue();
    assertThat(schedule.due(101, at(100, NOW.minus(Duration.ofMinutes(10))), NOW)).isTrue();
    assertThat(schedule.due(100, at(100, NOW.minus(Duration.ofDays(1))), NOW)).isFalse();
  }

  @Test
  void aCheckpointWithAnUnreadableTimeIsReplacedAtOnce() {
    Optional<Checkpoint> odd =
        Optional.of(new Checkpoint(2, "acme", 100, "ab".repeat(32), "yesterday", "k", "s"));

    assertThat(schedule.due(101, odd, NOW)).isTrue();
  }

  @Test
  void keysRotateOnlyWhenAScheduleIsSet() {
    long monthAgo = NOW.minus(Duration.ofDays(30)).toEpochMilli();

    assertThat(schedule.keyRotationDue(monthAgo, NOW)).isTrue();
    assertThat(schedule.keyRotationDue(monthAgo + 1, NOW)).isFalse();
    assertThat(new CheckpointSchedule(100, Duration.ofMinutes(10), Duration.ZERO)
        .keyRotationDue(0, NOW)).isFalse();
  }
}
