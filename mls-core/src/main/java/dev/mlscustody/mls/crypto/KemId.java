package dev.mlscustody.mls.crypto;

/** DHKEM variants of RFC 9180 §7.1 used by the RFC 9420 cipher suites. */
public enum KemId {
    DHKEM_P256_HKDF_SHA256(0x0010, KdfId.HKDF_SHA256, 32, 65, 65, 32, 32),
    DHKEM_P384_HKDF_SHA384(0x0011, KdfId.HKDF_SHA384, 48, 97, 97, 48, 48),
    DHKEM_P521_HKDF_SHA512(0x0012, KdfId.HKDF_SHA512, 64, 133, 133, 66, 66),
    DHKEM_X25519_HKDF_SHA256(0x0020, KdfId.HKDF_SHA256, 32, 32, 32, 32, 32),
    DHKEM_X448_HKDF_SHA512(0x0021, KdfId.HKDF_SHA512, 64, 56, 56, 56, 56);

    private final int codePoint;
    private final KdfId kdf;
    private final int nSecret;
    private final int nEnc;
    private final int nPk;
    private final int nSk;
    private final int nDh;

    KemId(int codePoint, KdfId kdf, int nSecret, int nEnc, int nPk, int nSk, int nDh) {
        this.codePoint = codePoint;
        this.kdf = kdf;
        this.nSecret = nSecret;
        this.nEnc = nEnc;
        this.nPk = nPk;
        this.nSk = nSk;
        this.nDh = nDh;
    }

    public int codePoint() { return codePoint; }

    /** The KDF the KEM uses internally (RFC 9180 §7.1). */
    public KdfId kdf() { return kdf; }

    public int nSecret() { return nSecret; }

    public int nEnc() { return nEnc; }

    public int nPk() { return nPk; }

    public int nSk() { return nSk; }

    /** Length of the raw Diffie-Hellman output. */
    public int nDh() { return nDh; }

    public boolean isMontgomery() {
        return this == DHKEM_X25519_HKDF_SHA256 || this == DHKEM_X448_HKDF_SHA512;
    }
}
