package dev.mlscustody.mls.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hash, HMAC and HKDF (RFC 5869) for one {@link KdfId}. JDK implementations: SHA-2 and HMAC use
 * the CPU's SHA extensions through HotSpot intrinsics. JCA objects are cached per thread (a
 * {@link MessageDigest} or {@link Mac} is not thread-safe; looking one up costs a provider search).
 */
final class Kdf {
    private final KdfId id;
    private final String hashName;
    private final String macName;
    private final ThreadLocal<MessageDigest> digest;
    private final ThreadLocal<Mac> mac;
    /** HMAC pads its key with zeros to the block size, so an empty key equals a single zero byte. */
    private static final byte[] EMPTY_KEY_EQUIVALENT = {0};

    private static final Kdf SHA256 = new Kdf(KdfId.HKDF_SHA256, "SHA-256", "HmacSHA256");
    private static final Kdf SHA384 = new Kdf(KdfId.HKDF_SHA384, "SHA-384", "HmacSHA384");
    private static final Kdf SHA512 = new Kdf(KdfId.HKDF_SHA512, "SHA-512", "HmacSHA512");

    private Kdf(KdfId id, String hashName, String macName) {
        this.id = id;
        this.hashName = hashName;
        this.macName = macName;
        this.digest = ThreadLocal.withInitial(this::newDigest);
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    static Kdf of(KdfId id) {
        return switch (id) {
            case HKDF_SHA256 -> SHA256;
            case HKDF_SHA384 -> SHA384;
            case HKDF_SHA512 -> SHA512;
        };
    }

    KdfId id() {
        return id;
    }

    int nh() {
        return id.nh();
    }

    private MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(hashName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + hashName, e);
        }
    }

    private Mac newMac() {
        try {
            return Mac.getInstance(macName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + macName, e);
        }
    }

    byte[] hash(byte[] data) {
        MessageDigest d = digest.get();
        d.reset();
        return d.digest(data);
    }

    /** HMAC(key, data...) over the concatenation of {@code parts}. */
    byte[] hmac(byte[] key, byte[]... parts) {
        Mac m = mac.get();
        try {
            m.init(new SecretKeySpec(key.length == 0 ? EMPTY_KEY_EQUIVALENT : key, macName));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC key rejected", e);
        }
        for (byte[] p : parts) {
            m.update(p);
        }
        return m.doFinal();
    }

    /** RFC 5869 §2.2 HKDF-Extract. An empty salt means Nh zero bytes, which HMAC treats identically. */
    byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt, ikm);
    }

    /** RFC 5869 §2.3 HKDF-Expand; {@code length} must be in 0..255*Nh. */
    byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * nh()) {
            throw new IllegalArgumentException("HKDF-Expand length out of range: " + length);
        }
        byte[] out = new byte[length];
        byte[] t = Bytes.EMPTY;
        int off = 0;
        for (int i = 1; off < length; i++) {
            t = hmac(prk, t, info, new byte[] {(byte) i});
            int n = Math.min(t.length, length - off);
            System.arraycopy(t, 0, out, off, n);
            off += n;
        }
        return out;
    }

    /** RFC 9180 §4: LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" || suite_id || label || ikm). */
    byte[] labeledExtract(byte[] suiteId, byte[] salt, String label, byte[] ikm) {
        return hmac(salt, HPKE_V1, suiteId, ascii(label), ikm);
    }

    /** RFC 9180 §4: LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L). */
    byte[] labeledExpand(byte[] suiteId, byte[] prk, String label, byte[] info, int length) {
        if (length > 0xffff) {
            throw new IllegalArgumentException("LabeledExpand length out of range: " + length);
        }
        byte[] labeledInfo = Bytes.concat(Bytes.i2osp(length, 2), HPKE_V1, suiteId, ascii(label), info);
        return expand(prk, labeledInfo, length);
    }

    private static final byte[] HPKE_V1 = ascii("HPKE-v1");

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
