package dev.palisade.audit.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamOptionsTest {

  @Test
  void retryDelayDoublesFromTheInitialDelayAndStopsAtTheCap() {
    StreamOptions options = new StreamOptions(500, 1000, 1000, 60_000, 30_000);

    assertThat(options.retryDelay(1)).isEqualTo(1000);
    assertThat(options.retryDelay(2)).isEqualTo(2000);
    assertThat(options.retryDelay(6)).isEqualTo(32_000);
    assertThat(options.retryDelay(7)).isEqualTo(60_000);
    assertThat(options.retryDelay(1_000_000)).isEqualTo(60_000);
  }

  @Test
  void aLeaseThatCouldRunOutBetweenTwoRenewalsIsRefused() {
    assertThatThrownBy(() -> new StreamOptions(500, 20_000, 1000, 60_000, 30_000))
        .hasMessageContaining("lease-seconds");
  }
}
