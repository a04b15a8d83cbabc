package dev.mlscustody.mls.crypto;

/** AEAD algorithms of RFC 9180 §7.3. */
public enum AeadId {
    AES_128_GCM(0x0001, 16, 12),
    AES_256_GCM(0x0002, 32, 12),
    CHACHA20_POLY1305(0x0003, 32, 12);

    public static final int TAG_LENGTH = 16;

    private final int codePoint;
    private final int nk;
    private final int nn;

    AeadId(int codePoint, int nk, int nn) {
        this.codePoint = codePoint;
        this.nk = nk;
        this.nn = nn;
    }

    public int codePoint() { return codePoint; }

    public int nk() { return nk; }

    public int nn() { return nn; }
}
