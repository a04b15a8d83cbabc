package dev.mlscustody.mls.crypto;

import java.util.Objects;

/**
 * An HPKE (DHKEM) private key held in process memory: parent-node keys derived from path secrets,
 * and custody keys when no token is used. Private key bytes are never returned;
 * {@link #toString()} names only the KEM and the key id.
 */
public final class SoftwareHpkeKey extends SoftwareKey implements HpkePrivateKey {
    private final DhGroup group;

    private SoftwareHpkeKey(KeyId id, DhGroup group, byte[] privateKey, byte[] publicKey) {
        super(id, privateKey, publicKey);
        this.group = group;
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
    public KemId kem() {
        return group.kem();
    }

    @Override
    public byte[] dh(byte[] peerPublicKey) throws KeyCustodyException {
        byte[] privateKey = privateKeyFor("dh");
        try {
            return group.dh(privateKey, peerPublicKey);
        } catch (CryptoException e) {
            throw new KeyCustodyException(KeyCustodyException.Reason.INVALID_INPUT, "dh", id(), e.getMessage());
        }
    }

    @Override
    Object algorithm() {
        return kem();
    }
}
