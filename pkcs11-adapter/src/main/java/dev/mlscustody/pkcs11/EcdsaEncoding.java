package dev.mlscustody.pkcs11;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;

/** Conversions between PKCS#11 and MLS encodings for ECDSA signatures and NIST public keys. */
final class EcdsaEncoding {
    private EcdsaEncoding() {
    }

    /**
     * CKM_ECDSA output (PKCS#11 v3.0 §2.3.1: r || s, each the length of the group order) to the
     * DER {@code Ecdsa-Sig-Value} (RFC 3279 §2.2.3) that RFC 9420 / TLS 1.3 use.
     */
    static byte[] rawToDer(byte[] raw) {
        if (raw.length == 0 || raw.length % 2 != 0) {
            throw new IllegalArgumentException("raw ECDSA signature has odd length");
        }
        int n = raw.length / 2;
        byte[] r = derInteger(raw, 0, n);
        byte[] s = derInteger(raw, n, n);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 12);
        out.write(0x30);
        writeLength(out, r.length + s.length);
        out.writeBytes(r);
        out.writeBytes(s);
        return out.toByteArray();
    }

    private static byte[] derInteger(byte[] src, int off, int len) {
        byte[] mag = new BigInteger(1, java.util.Arrays.copyOfRange(src, off, off + len)).toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(mag.length + 4);
        out.write(0x02);
        writeLength(out, mag.length);
        out.writeBytes(mag);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int len) {
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len & 0xff);
        }
    }

    /** Uncompressed SEC1 point 0x04 || X || Y with fixed-length coordinates. */
    static byte[] uncompressed(ECPublicKey key, int fieldLength) {
        ECPoint w = key.getW();
        byte[] out = new byte[1 + 2 * fieldLength];
        out[0] = 0x04;
        putFixed(w.getAffineX(), out, 1, fieldLength);
        putFixed(w.getAffineY(), out, 1 + fieldLength, fieldLength);
        return out;
    }

    private static void putFixed(BigInteger v, byte[] out, int off, int len) {
        byte[] b = v.toByteArray();
        int start = b.length > len ? b.length - len : 0;
        int n = b.length - start;
        System.arraycopy(b, start, out, off + len - n, n);
    }
}
