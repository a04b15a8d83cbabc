package dev.mlscustody.mls.crypto;

/** HKDF variants of RFC 9180 §7.2. */
public enum KdfId {
    HKDF_SHA256(0x0001, 32),
    HKDF_SHA384(0x0002, 48),
    HKDF_SHA512(0x0003, 64);

    private final int codePoint;
    private final int nh;

    KdfId(int codePoint, int nh) {
        this.codePoint = codePoint;
        this.nh = nh;
    }

    public int codePoint() { return codePoint; }

    /** Output length of the underlying hash (Nh). */
    public int nh() { return nh; }
}
