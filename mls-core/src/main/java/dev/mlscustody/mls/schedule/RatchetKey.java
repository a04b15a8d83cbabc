package dev.mlscustody.mls.schedule;

import java.util.Objects;

/**
 * The AEAD key and nonce of one generation of a hash ratchet (RFC 9420 §9.1):
 * {@code ratchet_key_[N]_[j]} and {@code ratchet_nonce_[N]_[j]}. Immutable; accessors return
 * copies; {@link #toString()} shows only the generation.
 */
public record RatchetKey(int generation, byte[] key, byte[] nonce) {
    public RatchetKey {
        if (generation < 0) {
            throw new IllegalArgumentException("negative generation");
        }
        key = Objects.requireNonNull(key, "key").clone();
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /**
     * §6.3.1: the nonce actually used for content encryption, the ratchet nonce with its first
     * four bytes XORed with the reuse guard.
     */
    public byte[] nonceWithReuseGuard(byte[] reuseGuard) {
        if (reuseGuard == null || reuseGuard.length != 4) {
            throw new IllegalArgumentException("reuse guard must be 4 bytes");
        }
        byte[] n = nonce.clone();
        for (int i = 0; i < 4; i++) {
            n[i] ^= reuseGuard[i];
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RatchetKey r && r.generation == generation
                && java.security.MessageDigest.isEqual(r.key, key) && java.security.MessageDigest.isEqual(r.nonce, nonce);
    }

    @Override
    public int hashCode() {
        return generation;
    }

    @Override
    public String toString() {
        return "RatchetKey[generation=" + generation + ", key and nonce redacted]";
    }
}
