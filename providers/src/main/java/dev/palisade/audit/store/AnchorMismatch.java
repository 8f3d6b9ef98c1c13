package dev.palisade.audit.store;

/**
 * The chain no longer extends the realm's last signed checkpoint: records or links up to the
 * position to be signed were changed, removed or added behind Palisade's back. Nothing is signed
 * over such a chain.
 */
public final class AnchorMismatch extends RuntimeException {

  private final long anchorSeq;
  private final long firstBadSeq;

  AnchorMismatch(long anchorSeq, long firstBadSeq) {
    super("the audit chain does not extend its signed checkpoint at " + anchorSeq
        + "; first bad position " + firstBadSeq);
    this.anchorSeq = anchorSeq;
    this.firstBadSeq = firstBadSeq;
  }

  /** Position of the signed checkpoint the chain was checked from (0: the start). */
  public long anchorSeq() {
    return anchorSeq;
  }

  /** The first position that did not verify. */
  public long firstBadSeq() {
    return firstBadSeq;
  }
}
