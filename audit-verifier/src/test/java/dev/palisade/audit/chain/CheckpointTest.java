package dev.palisade.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;

import org.junit.jupiter.api.Test;

class CheckpointTest {

  private static KeyPair newKey() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  @Test
  void verifiesWithTheSignersPublicKeyAfterAJsonRoundTrip() throws Exception {
    KeyPair key = newKey();
    Checkpoint signed = Checkpoint.sign("acme", 42, "ab".repeat(32), "2026-11-24T00:00:00Z",
        "kid-1", key.getPrivate());

    assertThat(Checkpoint.fromJson(signed.toJson()).verify(key.getPublic())).isTrue();
  }

  @Test
  void failsWithAnotherKeyOrAnyChangedField() throws Exception {
    KeyPair key = newKey();
    Checkpoint signed = Checkpoint.sign("acme", 42, "ab".repeat(32), "2026-11-24T00:00:00Z",
        "kid-1", key.getPrivate());

    assertThat(signed.verify(newKey().getPublic())).isFalse();
    assertThat(new Checkpoint("acme", 43, signed.hash(), signed.time(), signed.kid(),
        signed.signature()).verify(key.getPublic())).isFalse();
    assertThat(new Checkpoint("other", 42, signed.hash(), signed.time(), signed.kid(),
        signed.signature()).verify(key.getPublic())).isFalse();
    assertThat(new Checkpoint("acme", 42, signed.hash(), signed.time(), signed.kid(),
        "not-base64!").verify(key.getPublic())).isFalse();
  }

  @Test
  void publicKeysSurviveThePemRoundTrip() throws Exception {
    KeyPair key = newKey();

    String pem = AuditKeys.toPem(key.getPublic());

    assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
    assertThat(AuditKeys.fromPem(pem)).isEqualTo(key.getPublic());
  }
}
