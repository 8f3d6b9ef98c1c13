package dev.palisade.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The chain rule, precise enough for an auditor to re-implement (docs/audit.md):
 * {@code hash(n) = hex(SHA-256(hash(n-1) + "\n" + canonical(record(n))))} with
 * {@code hash(0)} 64 zeros, {@code canonical} being the record's {@link ChainFormat} without its
 * {@code hash} member. The server and the offline verifier both use this class.
 */
public final class ChainHash {

  /** The hash before the first record of every realm. */
  public static final String GENESIS = "0".repeat(64);

  private ChainHash() {
  }

  /** The chain hash after appending a record whose canonical form is {@code canonical}. */
  public static String next(String previousHash, String canonical) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
      sha256.update((byte) '\n');
      sha256.update(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
