package dev.mlscustody.mls.crypto;

/**
 * An HPKE (DHKEM) private key behind a handle. The holder performs only the Diffie-Hellman step
 * of decapsulation; HPKE itself (RFC 9180 ExtractAndExpand, key schedule, AEAD) runs in core.
 */
public interface HpkePrivateKey extends KeyHandle {
    KemId kem();

    /**
     * DH(sk, peer): the raw shared secret of RFC 9180 §4.1 (the X coordinate for NIST curves,
     * the X25519/X448 output otherwise), {@link KemId#nDh()} bytes.
     *
     * @param peerPublicKey the serialized peer public key (for decapsulation: the enc value)
     */
    byte[] dh(byte[] peerPublicKey) throws KeyCustodyException;
}
