package dev.palisade.audit.verifier;

import java.util.Optional;

/**
 * A record line exactly as the server writes it: canonical JSON with the {@code hash} member
 * in its sorted place. Its canonical form is then the line without that member, so hashing
 * needs no JSON parsing. A line that is not in this form, or whose bytes do not hash right,
 * goes to the parsing path, which has the last word: a match here is a SHA-256 match over
 * the very bytes the server hashed, so it can never accept what the parsing path would refuse.
 */
record RawRecord(long seq, String hash, String canonical) {

  private static final String HASH_MEMBER = ",\"hash\":\"";
  private static final String SEQ_MEMBER = ",\"seq\":";
  private static final int HASH_LENGTH = 64;

  static Optional<RawRecord> of(String line) {
    // Top-level members come after "details" in sorted order, and inside JSON strings quotes
    // are escaped, so the last unescaped occurrence of each member is the top-level one.
    int hashAt = line.lastIndexOf(HASH_MEMBER);
    int seqAt = line.lastIndexOf(SEQ_MEMBER);
    int hashStart = hashAt + HASH_MEMBER.length();
    int hashEnd = hashStart + HASH_LENGTH;
    if (!line.startsWith("{") || hashAt < 0 || seqAt < 0 || hashEnd >= line.length()
        || line.charAt(hashEnd) != '"') {
      return Optional.empty();
    }
    int seqStart = seqAt + SEQ_MEMBER.length();
    int seqEnd = seqStart;
    while (seqEnd < line.length() && Character.isDigit(line.charAt(seqEnd))) {
      seqEnd++;
    }
    if (seqEnd == seqStart || seqEnd - seqStart > 18) {
      return Optional.empty();
    }
    return Optional.of(new RawRecord(Long.parseLong(line, seqStart, seqEnd, 10),
        line.substring(hashStart, hashEnd),
        line.substring(0, hashAt) + line.substring(hashEnd + 1)));
  }
}
