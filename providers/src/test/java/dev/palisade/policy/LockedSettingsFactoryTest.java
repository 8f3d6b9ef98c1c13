package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LockedSettingsFactoryTest {

  @Test
  void enforcesEverythingByDefault() {
    assertThat(LockedSettingsFactory.parseUnlocked("")).isEmpty();
    assertThat(LockedSettingsFactory.parseUnlocked(" , ")).isEmpty();
  }

  @Test
  void unlocksOnlyTheNamedSettings() {
    assertThat(LockedSettingsFactory.parseUnlocked("brute-force, token-claims"))
        .containsExactlyInAnyOrder(LockedSetting.BRUTE_FORCE, LockedSetting.TOKEN_CLAIMS);
  }

  @Test
  void aMisspelledSettingStopsTheStartRatherThanLookingLikeALock() {
    assertThatThrownBy(() -> LockedSettingsFactory.parseUnlocked("brute-forse"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("brute-forse").hasMessageContaining("brute-force");
  }
}
