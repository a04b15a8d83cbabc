package dev.mlscustody.mls.crypto;

import java.util.Arrays;

/**
 * What the two software handles share: the key id, the key pair bytes held in process memory and
 * the destroyed flag. Private key bytes never leave the package; {@link #toString()} names only the
 * handle type, the algorithm and the key id.
 */
// The public methods are not final: javac then gives the public subclasses their own (bridge)
// id(), publicKey() and toString(), so reflection on SoftwareHpkeKey / SoftwareSignatureKey sees
// and can call them as before.
abstract sealed class SoftwareKey implements KeyHandle permits SoftwareHpkeKey, SoftwareSignatureKey {
    private final KeyId id;
    private final byte[] privateKey;
    private final byte[] publicKey;
    private volatile boolean destroyed;

    SoftwareKey(KeyId id, byte[] privateKey, byte[] publicKey) {
        this.id = id;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    @Override
    public KeyId id() {
        return id;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The algorithm {@link #toString()} names (the KEM or the signature scheme). */
    abstract Object algorithm();

    /** The private key itself, for the handle's own operation; throws once the key was destroyed. */
    final byte[] privateKeyFor(String operation) throws KeyCustodyException {
        if (destroyed) {
            throw new KeyCustodyException(KeyCustodyException.Reason.KEY_NOT_FOUND, operation, id, "key was destroyed");
        }
        return privateKey;
    }

    /** The public key itself (not a copy), for the handle's own operation. */
    final byte[] publicKeyBytes() {
        return publicKey;
    }

    /** For {@link SoftwareKeyCustody}'s key files only. */
    final byte[] privateKeyForStorage() {
        return privateKey.clone();
    }

    /** Overwrites the private key in memory; the handle is unusable afterwards. */
    final void wipe() {
        destroyed = true;
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + algorithm() + ", " + id.value() + "]";
    }
}
