package dev.mlscustody.mls.crypto;

/**
 * A private key held by a custody provider (software or token). The handle exposes the public
 * key and operations; it never exposes private key bytes.
 */
public interface KeyHandle {
    /** Stable id under which the custody provider can find this key again. */
    KeyId id();

    /** The encoded public key (RFC 9420 / RFC 9180 SerializePublicKey form). */
    byte[] publicKey();
}
