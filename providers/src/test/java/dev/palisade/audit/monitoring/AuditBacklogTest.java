package dev.palisade.audit.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AuditBacklogTest {

  private static final long NOW = 1_000_000_000L;
  private static final Duration BOUND = Duration.ofSeconds(60);

  @Test
  void aBacklogYoungerThanTheBoundIsNotAStall() {
    AuditBacklog.watch(BOUND, NOW);
    AuditBacklog.update(new AuditBacklog.Sample(NOW, 3, NOW - 59_000), Map.of());

    assertThat(AuditBacklog.stall(NOW)).isEmpty();
  }

  @Test
  void aRecordWaitingLongerThanTheBoundIsAStallEvenInAFreshSample() {
    AuditBacklog.watch(BOUND, NOW);
    AuditBacklog.update(new AuditBacklog.Sample(NOW, 1, NOW - 61_000), Map.of());

    assertThat(AuditBacklog.stall(NOW)).hasValueSatisfying(
        reason -> assertThat(reason).contains("61 s old"));
  }

  @Test
  void aRecordKeepsAgeingBetweenSamples() {
    AuditBacklog.watch(BOUND, NOW);
    AuditBacklog.update(new AuditBacklog.Sample(NOW, 1, NOW - 50_000), Map.of());

    assertThat(AuditBacklog.stall(NOW + 11_000)).isPresent();
  }

  @Test
  void samplingThatStoppedIsAStallWithNothingPending() {
    AuditBacklog.watch(BOUND, NOW);
    AuditBacklog.update(new AuditBacklog.Sample(NOW, 0, null), Map.of());

    assertThat(AuditBacklog.stall(NOW + 61_000)).hasValueSatisfying(
        reason -> assertThat(reason).contains("last read 61 s ago"));
  }

  @Test
  void aSamplerThatNeverRanIsAStallOnceTheBoundHasPassedSinceWatchingBegan() {
    AuditBacklog.watch(BOUND, NOW);

    assertThat(AuditBacklog.stall(NOW + 59_000)).isEmpty();
    assertThat(AuditBacklog.stall(NOW + 61_000)).isPresent();
  }

  @Test
  void aZeroBoundNeverReportsAStall() {
    AuditBacklog.watch(Duration.ZERO, NOW);
    AuditBacklog.update(new AuditBacklog.Sample(NOW, 1, NOW - 3_600_000), Map.of());

    assertThat(AuditBacklog.stall(NOW + 3_600_000)).isEmpty();
  }
}
