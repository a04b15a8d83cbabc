package dev.mlscustody.mls.schedule;

/**
 * How far a receiving hash ratchet may be driven and how many skipped keys it keeps, to allow
 * out-of-order delivery (RFC 9420 §9.2 permits keeping unconsumed values "for some reasonable
 * amount of time").
 *
 * @param maxForwardJump  the largest accepted distance between a received generation and the
 *                        ratchet's next unused generation; further ones are rejected with
 *                        GENERATION_TOO_FAR before any derivation
 * @param maxRetainedKeys the largest number of skipped (not yet used) keys kept per ratchet; the
 *                        oldest are deleted first
 */
public record RatchetPolicy(int maxForwardJump, int maxRetainedKeys) {
    /** 1000 generations ahead, 1000 skipped keys per ratchet. */
    public static final RatchetPolicy DEFAULT = new RatchetPolicy(1000, 1000);

    public RatchetPolicy {
        if (maxForwardJump < 0 || maxRetainedKeys < 0) {
            throw new IllegalArgumentException("ratchet limits must not be negative");
        }
    }
}
