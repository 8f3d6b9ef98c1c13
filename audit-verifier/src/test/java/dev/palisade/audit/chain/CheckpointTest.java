package dev.palisade.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CheckpointTest {

  private static KeyPair newKey() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  private static Checkpoint signed(KeyPair key) {
    return Checkpoint.sign("acme", 42, "ab".repeat(32), "2026-11-24T00:00:00Z", "kid-1",
        key.getPrivate());
  }

  @Test
  void verifiesWithTheSignersPublicKeyAfterAJsonRoundTrip() throws Exception {
    KeyPair key = newKey();

    Checkpoint read = Checkpoint.fromJson(signed(key).toJson());

    assertThat(read.verify(key.getPublic())).isTrue();
    assertThat(read).isEqualTo(signed(key));
  }

  @Test
  void isACompactJwsThatPlainJdkCodeChecks() throws Exception {
    KeyPair key = newKey();
    String[] jws = signed(key).signature().split("\\.");
    Base64.Decoder b64 = Base64.getUrlDecoder();

    Map<String, Object> header = new ObjectMapper().readValue(b64.decode(jws[0]), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    Map<String, Object> payload = new ObjectMapper().readValue(b64.decode(jws[1]), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    Signature ed25519 = Signature.getInstance("Ed25519");
    ed25519.initVerify(key.getPublic());
    ed25519.update((jws[0] + "." + jws[1]).getBytes(StandardCharsets.US_ASCII));

    assertThat(ed25519.verify(b64.decode(jws[2]))).isTrue();
    assertThat(header).containsEntry("alg", "EdDSA").containsEntry("kid", "kid-1");
    assertThat(payload).containsEntry("seq", 42).containsEntry("realm", "acme")
        .containsEntry("v", 2);
  }

  @Test
  void failsWithAnotherKeyOrAnyChangedPayload() throws Exception {
    KeyPair key = newKey();
    Checkpoint genuine = signed(key);
    String[] parts = genuine.signature().split("\\.");
    String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("42", "43").getBytes(StandardCharsets.UTF_8));

    assertThat(genuine.verify(newKey().getPublic())).isFalse();
    assertThat(Checkpoint.fromJws(parts[0] + "." + otherPayload + "." + parts[2])
        .verify(key.getPublic())).isFalse();
  }

  @Test
  void trustsTheJwsNotTheMembersBesideIt() throws Exception {
    KeyPair key = newKey();
    Map<String, Object> json = new java.util.LinkedHashMap<>(signed(key).toJson());
    json.put("seq", 99);

    assertThat(Checkpoint.fromJson(json).seq()).isEqualTo(42);
  }

  @Test
  void refusesAnAlgorithmOtherThanEdDsa() {
    String none = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Checkpoint.fromJws(none + ".e30."))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void version1CheckpointsStillVerify() throws Exception {
    KeyPair key = newKey();
    String payload = "{\"hash\":\"" + "ab".repeat(32)
        + "\",\"kid\":\"kid-1\",\"realm\":\"acme\",\"seq\":42,\"time\":\"2026-11-24T00:00:00Z\"}";
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(key.getPrivate());
    signer.update(payload.getBytes(StandardCharsets.UTF_8));
    Map<String, Object> json = Map.of("type", "checkpoint", "realm", "acme", "seq", 42,
        "hash", "ab".repeat(32), "time", "2026-11-24T00:00:00Z", "kid", "kid-1", "alg", "Ed25519",
        "signature", Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign()));

    Checkpoint legacy = Checkpoint.fromJson(json);

    assertThat(legacy.version()).isEqualTo(1);
    assertThat(legacy.verify(key.getPublic())).isTrue();
    assertThat(legacy.verify(newKey().getPublic())).isFalse();
  }

  @Test
  void publicKeysSurviveTheJwksRoundTrip() throws Exception {
    KeyPair key = newKey();

    String jwks = ChainFormat.V2.canonical(
        AuditKeys.jwks(List.of(AuditKeys.toJwk(key.getPublic(), "kid-1"))));

    assertThat(jwks).contains("\"kty\":\"OKP\"").contains("\"crv\":\"Ed25519\"");
    assertThat(AuditKeys.fromJwks(jwks)).containsEntry("kid-1", key.getPublic());
  }

  @Test
  void detachedSignaturesVerifyOnlyOverTheirPayload() throws Exception {
    KeyPair key = newKey();
    byte[] body = "[{\"id\":\"1\"}]".getBytes(StandardCharsets.UTF_8);

    String detached = Jws.signDetached(key.getPrivate(), "kid-1", body);

    assertThat(detached).contains("..");
    assertThat(Jws.verifyDetached(detached, body, key.getPublic())).isTrue();
    assertThat(Jws.verifyDetached(detached, "[]".getBytes(StandardCharsets.UTF_8),
        key.getPublic())).isFalse();
  }
}
