package dev.mlscustody.mls.crypto;

/**
 * Signature algorithms of the RFC 9420 cipher suites (§5.1.2, §17.1), with their TLS
 * SignatureScheme code points. ECDSA signatures are DER-encoded (RFC 9420 §5.1.2 follows TLS 1.3);
 * EdDSA signatures are the raw RFC 8032 encoding.
 */
public enum SignatureScheme {
    ECDSA_SECP256R1_SHA256(0x0403, 65),
    ECDSA_SECP384R1_SHA384(0x0503, 97),
    ECDSA_SECP521R1_SHA512(0x0603, 133),
    ED25519(0x0807, 32),
    ED448(0x0808, 57);

    private final int codePoint;
    private final int publicKeyLength;

    SignatureScheme(int codePoint, int publicKeyLength) {
        this.codePoint = codePoint;
        this.publicKeyLength = publicKeyLength;
    }

    public int codePoint() {
        return codePoint;
    }

    /** Length of the encoded public key (uncompressed SEC1 point for ECDSA). */
    public int publicKeyLength() {
        return publicKeyLength;
    }

    public boolean isEdDsa() {
        return this == ED25519 || this == ED448;
    }
}
