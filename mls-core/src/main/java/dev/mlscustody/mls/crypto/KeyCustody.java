package dev.mlscustody.mls.crypto;

import java.util.Collection;

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

    /**
     * Destroys keys made for an operation that then failed: every key is attempted, and a failure to
     * destroy one is attached to {@code failure} as suppressed rather than replacing it.
     */
    default void destroyAfterFailure(Throwable failure, Collection<KeyId> ids) {
        for (KeyId id : ids) {
            try {
                destroy(id);
            } catch (KeyCustodyException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
