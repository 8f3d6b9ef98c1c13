package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.keycloak.Config;

class AuditConfigTest {

  @Test
  void defaultsWhenNothingIsSet() {
    Config.Scope scope = mock(Config.Scope.class);
    when(scope.getLong(eq("seal-interval-millis"), anyLong())).thenAnswer(i -> i.getArgument(1));
    when(scope.getInt(eq("seal-batch-size"), anyInt())).thenAnswer(i -> i.getArgument(1));
    when(scope.getLong(eq("checkpoint-every"), anyLong())).thenAnswer(i -> i.getArgument(1));
    when(scope.getLong(eq("checkpoint-interval-seconds"), anyLong()))
        .thenAnswer(i -> i.getArgument(1));
    when(scope.getLong(eq("key-rotation-days"), anyLong())).thenAnswer(i -> i.getArgument(1));

    assertThat(AuditConfig.from(scope)).isEqualTo(
        new AuditConfig(500, 2000, 10_000, Duration.ofHours(1), Duration.ZERO));
  }

  @Test
  void refusesASealerThatWouldSpinOrNeverSeal() {
    Duration hour = Duration.ofHours(1);
    assertThatThrownBy(() -> new AuditConfig(0, 2000, 1, hour, Duration.ZERO))
        .hasMessageContaining("seal-interval-millis");
    assertThatThrownBy(() -> new AuditConfig(500, 0, 1, hour, Duration.ZERO))
        .hasMessageContaining("seal-batch-size");
    assertThatThrownBy(() -> new AuditConfig(500, 1, 0, hour, Duration.ZERO))
        .hasMessageContaining("checkpoint-every");
    assertThatThrownBy(() -> new AuditConfig(500, 1, 1, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("checkpoint-interval-seconds");
    assertThatThrownBy(() -> new AuditConfig(500, 1, 1, hour, Duration.ofDays(-1)))
        .hasMessageContaining("key-rotation-days");
  }
}
