package dev.mlscustody.mls.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A signature key held in process memory (tests, test vectors, command-line members). Private key
 * bytes are never returned; {@link #toString()} names only the scheme and the key id.
 */
public final class SoftwareSignatureKey implements SignatureKey {
    private final KeyId id;
    private final SignatureAlgorithm algorithm;
    private final byte[] privateKey;
    private final byte[] publicKey;
    private volatile boolean destroyed;

    private SoftwareSignatureKey(KeyId id, SignatureAlgorithm algorithm, byte[] privateKey, byte[] publicKey) {
        this.id = id;
        this.algorithm = algorithm;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh random key with a random key id. */
    public static SoftwareSignatureKey generate(SignatureScheme scheme) {
        SignatureAlgorithm alg = SignatureAlgorithm.of(scheme);
        byte[] sk = alg.generatePrivateKey();
        return new SoftwareSignatureKey(Bytes.randomKeyId(), alg, sk, alg.publicKeyOf(sk));
    }

    /**
     * Imports a private key (EdDSA: the RFC 8032 seed; ECDSA: the big-endian scalar) under a random id.
     *
     * @throws CryptoException if the bytes are not a valid private key for the scheme
     */
    public static SoftwareSignatureKey fromPrivateKey(SignatureScheme scheme, byte[] privateKey) throws CryptoException {
        return fromPrivateKey(Bytes.randomKeyId(), scheme, privateKey);
    }

    /** As {@link #fromPrivateKey(SignatureScheme, byte[])} under a given id. */
    public static SoftwareSignatureKey fromPrivateKey(KeyId id, SignatureScheme scheme, byte[] privateKey) throws CryptoException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scheme, "scheme");
        SignatureAlgorithm alg = SignatureAlgorithm.of(scheme);
        byte[] pk = alg.publicKeyOf(privateKey);
        if (pk == null) {
            throw new CryptoException("invalid " + scheme + " private key");
        }
        return new SoftwareSignatureKey(id, alg, privateKey.clone(), pk);
    }

    @Override
    public KeyId id() {
        return id;
    }

    @Override
    public SignatureScheme scheme() {
        return algorithm.scheme();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] message) throws KeyCustodyException {
        if (message == null) {
            throw new KeyCustodyException(KeyCustodyException.Reason.INVALID_INPUT, "sign", id, "message is null");
        }
        checkNotDestroyed("sign");
        return algorithm.sign(privateKey, publicKey, message);
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
        return "SoftwareSignatureKey[" + scheme() + ", " + id.value() + "]";
    }
}
