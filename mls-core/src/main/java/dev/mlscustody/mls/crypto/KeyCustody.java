package dev.mlscustody.mls.crypto;

/**
 * Where a member's custody keys (leaf signature key, leaf HPKE key, KeyPackage init keys) are
 * generated, found again after a restart, and destroyed. Software and PKCS#11 implementations.
 * Implementations are thread-safe.
 */
public interface KeyCustody {
    SignatureKey generateSignatureKey(SignatureScheme scheme) throws KeyCustodyException;

    HpkePrivateKey generateHpkeKey(KemId kem) throws KeyCustodyException;

    SignatureKey findSignatureKey(KeyId id) throws KeyCustodyException;

    HpkePrivateKey findHpkeKey(KeyId id) throws KeyCustodyException;

    /** Destroys the key; destroying a key that no longer exists is not an error. */
    void destroy(KeyId id) throws KeyCustodyException;
}
