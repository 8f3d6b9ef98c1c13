package dev.palisade.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class KeyProtectionTest {

  private static final byte[] PRIVATE_KEY = "pkcs8-bytes-of-an-ed25519-key".getBytes();

  private final KeyProtection sealed = KeyProtection.fromSecret(Optional.of("operator secret"));

  @Test
  void sealsWithTheSecretAndOpensAgain() {
    String stored = sealed.protect(PRIVATE_KEY, "realm-1", "kid-1");

    assertThat(stored).startsWith("aesgcm:").doesNotContain(
        Base64.getEncoder().encodeToString(PRIVATE_KEY));
    assertThat(sealed.open(stored, "realm-1", "kid-1")).isEqualTo(PRIVATE_KEY);
  }

  @Test
  void aSealedKeyDoesNotOpenWithAnotherSecretOrInAnotherRow() {
    String stored = sealed.protect(PRIVATE_KEY, "realm-1", "kid-1");

    assertThatThrownBy(() -> KeyProtection.fromSecret(Optional.of("guess"))
        .open(stored, "realm-1", "kid-1")).hasMessageContaining("does not open");
    assertThatThrownBy(() -> sealed.open(stored, "realm-2", "kid-1"))
        .hasMessageContaining("does not open");
  }

  @Test
  void aSealedKeyNeedsTheSecretConfigured() {
    String stored = sealed.protect(PRIVATE_KEY, "realm-1", "kid-1");

    assertThatThrownBy(() -> KeyProtection.fromSecret(Optional.empty())
        .open(stored, "realm-1", "kid-1")).hasMessageContaining("key-encryption-secret");
  }

  @Test
  void withoutASecretKeysAreKeptAsPlainBase64() {
    KeyProtection none = KeyProtection.fromSecret(Optional.of(" "));

    assertThat(none.encrypts()).isFalse();
    assertThat(none.open(none.protect(PRIVATE_KEY, "r", "k"), "r", "k")).isEqualTo(PRIVATE_KEY);
  }
}
