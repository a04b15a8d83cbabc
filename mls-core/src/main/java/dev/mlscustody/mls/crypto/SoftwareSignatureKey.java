package dev.mlscustody.mls.crypto;

import java.util.Objects;

/**
 * A signature key held in process memory (tests, test vectors, command-line members). Private key
 * bytes are never returned; {@link #toString()} names only the scheme and the key id.
 */
public final class SoftwareSignatureKey extends SoftwareKey implements SignatureKey {
    private final SignatureAlgorithm algorithm;

    private SoftwareSignatureKey(KeyId id, SignatureAlgorithm algorithm, byte[] privateKey, byte[] publicKey) {
        super(id, privateKey, publicKey);
        this.algorithm = algorithm;
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
    public SignatureScheme scheme() {
        return algorithm.scheme();
    }

    @Override
    public byte[] sign(byte[] message) throws KeyCustodyException {
        if (message == null) {
            throw new KeyCustodyException(KeyCustodyException.Reason.INVALID_INPUT, "sign", id(), "message is null");
        }
        return algorithm.sign(privateKeyFor("sign"), publicKeyBytes(), message);
    }

    @Override
    Object algorithm() {
        return scheme();
    }
}
