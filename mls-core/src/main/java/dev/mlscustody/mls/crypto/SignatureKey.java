package dev.mlscustody.mls.crypto;

/** A signature private key behind a handle: the holder signs, the key stays where it is. */
public interface SignatureKey extends KeyHandle {
    SignatureScheme scheme();

    /**
     * Signs {@code message} (the full message, not a digest) and returns the signature in the
     * encoding RFC 9420 requires for the scheme (DER for ECDSA, raw for EdDSA).
     */
    byte[] sign(byte[] message) throws KeyCustodyException;
}
