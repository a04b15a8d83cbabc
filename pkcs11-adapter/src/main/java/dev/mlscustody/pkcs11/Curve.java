package dev.mlscustody.pkcs11;

import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The curves of the RFC 9420 cipher suites with their CKA_EC_PARAMS encodings (PKCS#11 v3.0 §2.3.3:
 * DER of an OBJECT IDENTIFIER; for Edwards/Montgomery curves also a PrintableString curve name).
 */
enum Curve {
    P256("06082a8648ce3d030107", null, 32, 256, "secp256r1"),
    P384("06052b81040022", null, 48, 384, "secp384r1"),
    P521("06052b81040023", null, 66, 521, "secp521r1"),
    ED25519("06032b6570", "edwards25519", 32, 255, "Ed25519"),
    ED448("06032b6571", "edwards448", 57, 448, "Ed448"),
    X25519("06032b656e", "curve25519", 32, 255, "X25519"),
    X448("06032b656f", "curve448", 56, 448, "X448");

    private final byte[] oid;
    private final byte[] printableName;
    /** Field element / coordinate length in bytes (for Edwards/Montgomery: the public key length). */
    final int fieldLength;
    /** Key size in bits as PKCS#11 mechanism-info ranges express it. */
    final int bits;
    /** The JCA name (curve name for NIST, algorithm for the others). */
    final String jcaName;

    Curve(String oidHex, String name, int fieldLength, int bits, String jcaName) {
        this.oid = HexFormat.of().parseHex(oidHex);
        this.printableName = name == null ? null : printable(name);
        this.fieldLength = fieldLength;
        this.bits = bits;
        this.jcaName = jcaName;
    }

    byte[] ecParams() {
        return oid.clone();
    }

    boolean isNist() {
        return this == P256 || this == P384 || this == P521;
    }

    boolean isMontgomery() {
        return this == X25519 || this == X448;
    }

    boolean isEdwards() {
        return this == ED25519 || this == ED448;
    }

    /** Length of the public key as MLS/HPKE serialise it (uncompressed SEC1 for NIST curves). */
    int publicKeyLength() {
        return isNist() ? 1 + 2 * fieldLength : fieldLength;
    }

    static Curve of(SignatureScheme s) {
        return switch (s) {
            case ECDSA_SECP256R1_SHA256 -> P256;
            case ECDSA_SECP384R1_SHA384 -> P384;
            case ECDSA_SECP521R1_SHA512 -> P521;
            case ED25519 -> ED25519;
            case ED448 -> ED448;
        };
    }

    static Curve of(KemId k) {
        return switch (k) {
            case DHKEM_P256_HKDF_SHA256 -> P256;
            case DHKEM_P384_HKDF_SHA384 -> P384;
            case DHKEM_P521_HKDF_SHA512 -> P521;
            case DHKEM_X25519_HKDF_SHA256 -> X25519;
            case DHKEM_X448_HKDF_SHA512 -> X448;
        };
    }

    SignatureScheme signatureScheme() {
        return switch (this) {
            case P256 -> SignatureScheme.ECDSA_SECP256R1_SHA256;
            case P384 -> SignatureScheme.ECDSA_SECP384R1_SHA384;
            case P521 -> SignatureScheme.ECDSA_SECP521R1_SHA512;
            case ED25519 -> SignatureScheme.ED25519;
            case ED448 -> SignatureScheme.ED448;
            default -> null;
        };
    }

    KemId kem() {
        return switch (this) {
            case P256 -> KemId.DHKEM_P256_HKDF_SHA256;
            case P384 -> KemId.DHKEM_P384_HKDF_SHA384;
            case P521 -> KemId.DHKEM_P521_HKDF_SHA512;
            case X25519 -> KemId.DHKEM_X25519_HKDF_SHA256;
            case X448 -> KemId.DHKEM_X448_HKDF_SHA512;
            default -> null;
        };
    }

    /** Short lowercase name for labels. */
    String labelName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The curve named by a CKA_EC_PARAMS value (OID or PrintableString form), or null. */
    static Curve fromEcParams(byte[] ecParams) {
        if (ecParams == null) {
            return null;
        }
        for (Curve c : values()) {
            if (Arrays.equals(c.oid, ecParams) || (c.printableName != null && Arrays.equals(c.printableName, ecParams))) {
                return c;
            }
        }
        return null;
    }

    private static byte[] printable(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[2 + n.length];
        out[0] = 0x13; // PrintableString
        out[1] = (byte) n.length;
        System.arraycopy(n, 0, out, 2, n.length);
        return out;
    }
}
