package dev.mlscustody.mls.schedule;

import dev.mlscustody.mls.crypto.CipherSuite;

import java.util.Arrays;
import java.util.Objects;

/**
 * Key and nonce protecting a PrivateMessage's SenderData (RFC 9420 §6.3.2):
 * <pre>
 * ciphertext_sample = ciphertext[0..KDF.Nh-1]   (the whole ciphertext if shorter)
 * sender_data_key   = ExpandWithLabel(sender_data_secret, "key", ciphertext_sample, AEAD.Nk)
 * sender_data_nonce = ExpandWithLabel(sender_data_secret, "nonce", ciphertext_sample, AEAD.Nn)
 * </pre>
 * Accessors return copies; {@link #toString()} is redacted.
 */
public record SenderDataKey(byte[] key, byte[] nonce) {
    public SenderDataKey {
        key = Objects.requireNonNull(key, "key").clone();
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
    }

    public static SenderDataKey derive(CipherSuite suite, byte[] senderDataSecret, byte[] ciphertext) {
        Objects.requireNonNull(senderDataSecret, "senderDataSecret");
        Objects.requireNonNull(ciphertext, "ciphertext");
        byte[] sample = Arrays.copyOf(ciphertext, Math.min(ciphertext.length, suite.hashLength()));
        return new SenderDataKey(
                suite.expandWithLabel(senderDataSecret, "key", sample, suite.aead().nk()),
                suite.expandWithLabel(senderDataSecret, "nonce", sample, suite.aead().nn()));
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenderDataKey s && java.security.MessageDigest.isEqual(s.key, key)
                && java.security.MessageDigest.isEqual(s.nonce, nonce);
    }

    @Override
    public int hashCode() {
        return 1;
    }

    @Override
    public String toString() {
        return "SenderDataKey[redacted]";
    }
}
