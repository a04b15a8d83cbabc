package dev.mlscustody.mls.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * An HPKE (DHKEM) private key held in process memory: parent-node keys derived from path secrets,
 * and custody keys when no token is used. Private key bytes are never returned;
 * {@link #toString()} names only the KEM and the key id.
 */
public final class SoftwareHpkeKey implements HpkePrivateKey {
    private final KeyId id;
    private final DhGroup group;
    private final byte[] privateKey;
    private final byte[] publicKey;
    private volatile boolean destroyed;

    private SoftwareHpkeKey(KeyId id, DhGroup group, byte[] privateKey, byte[] publicKey) {
        this.id = id;
        this.group = group;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh random key pair with a random key id. */
    public static SoftwareHpkeKey generate(KemId kem) {
        DhGroup g = DhGroup.of(kem);
        byte[] sk = g.generatePrivateKey();
        return new SoftwareHpkeKey(Bytes.randomKeyId(), g, sk, g.publicKeyOf(sk));
    }

    /**
     * Imports a private key in RFC 9180 §7.1.2 SerializePrivateKey form under a random id.
     *
     * @throws CryptoException if the bytes are not a valid private key for the KEM
     */
    public static SoftwareHpkeKey fromPrivateKey(KemId kem, byte[] privateKey) throws CryptoException {
        return fromPrivateKey(Bytes.randomKeyId(), kem, privateKey);
    }

    /** As {@link #fromPrivateKey(KemId, byte[])} under a given id. */
    public static SoftwareHpkeKey fromPrivateKey(KeyId id, KemId kem, byte[] privateKey) throws CryptoException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kem, "kem");
        DhGroup g = DhGroup.of(kem);
        byte[] pk = g.publicKeyOf(privateKey);
        if (pk == null) {
            throw new CryptoException("invalid " + kem + " private key");
        }
        return new SoftwareHpkeKey(id, g, privateKey.clone(), pk);
    }

    /** RFC 9180 §7.1.3 DeriveKeyPair(ikm), under a random id. */
    public static SoftwareHpkeKey derive(KemId kem, byte[] ikm) throws CryptoException {
        Objects.requireNonNull(ikm, "ikm");
        DhGroup g = DhGroup.of(kem);
        byte[] sk = g.derivePrivateKey(ikm);
        return new SoftwareHpkeKey(Bytes.randomKeyId(), g, sk, g.publicKeyOf(sk));
    }

    @Override
    public KeyId id() {
        return id;
    }

    @Override
    public KemId kem() {
        return group.kem();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] dh(byte[] peerPublicKey) throws KeyCustodyException {
        checkNotDestroyed("dh");
        try {
            return group.dh(privateKey, peerPublicKey);
        } catch (CryptoException e) {
            throw new KeyCustodyException(KeyCustodyException.Reason.INVALID_INPUT, "dh", id, e.getMessage());
        }
    }

    /** For {@link SoftwareKeyCustody}'s key files only. */
    byte[] privateKeyForStorage() {
        return privateKey.clone();
    }

    /** Overwrites the private key in memory; the handle is unusable afterwards. */
    void wipe() {
        destroyed = true;
        Arrays.fill(privateKey, (byte) 0);
    }

    private void checkNotDestroyed(String operation) throws KeyCustodyException {
        if (destroyed) {
            throw new KeyCustodyException(KeyCustodyException.Reason.KEY_NOT_FOUND, operation, id, "key was destroyed");
        }
    }

    @Override
    public String toString() {
        return "SoftwareHpkeKey[" + kem() + ", " + id.value() + "]";
    }
}
