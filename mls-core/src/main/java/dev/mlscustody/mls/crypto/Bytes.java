package dev.mlscustody.mls.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Small byte helpers for the crypto package. */
final class Bytes {
    static final byte[] EMPTY = new byte[0];
    private static final SecureRandom RANDOM = new SecureRandom();

    private Bytes() {
    }

    static SecureRandom random() {
        return RANDOM;
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /** RFC 9180 §3 / RFC 8017 I2OSP: big-endian, exactly {@code len} bytes. */
    static byte[] i2osp(long value, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len && i < 8; i++) {
            out[len - 1 - i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    /** Constant-time comparison (time depends only on the lengths). */
    static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** True if every byte is zero, in time independent of the content. */
    static boolean isAllZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    /** A fresh random software key id: 16 random bytes, hex. */
    static KeyId randomKeyId() {
        return new KeyId(HexFormat.of().formatHex(random(16)));
    }
}
