package dev.mlscustody.pkcs11;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Key handles returned by both backends. They hold only the key id, the public key and the
 * algorithm; every operation goes back to the custody, which resolves the token object (cached per
 * process) and survives reconnects. No private key material is ever held or returned.
 */
final class TokenKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenKeys() {
    }

    /** A fresh key id: 16 random bytes as lowercase hex (both backends; see {@link Backend#ckaId}). */
    static KeyId newKeyId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return new KeyId(HexFormat.of().formatHex(b));
    }

    /** The scheme of a found key; INVALID_INPUT if it is not a signature key. */
    static SignatureScheme signatureSchemeOf(boolean signing, Curve curve, String op, KeyId id) throws KeyCustodyException {
        if (!signing || curve.signatureScheme() == null) {
            throw new KeyCustodyException(KeyCustodyException.Reason.INVALID_INPUT, op, id, "key is not a signature key");
        }
        return curve.signatureScheme();
    }

    /** The KEM of a found key; INVALID_INPUT if it is not an HPKE key. */
    static KemId kemOf(boolean signing, Curve curve, String op, KeyId id) throws KeyCustodyException {
        if (signing || curve.kem() == null) {
            throw new KeyCustodyException(KeyCustodyException.Reason.INVALID_INPUT, op, id, "key is not an HPKE key");
        }
        return curve.kem();
    }

    /** INVALID_INPUT unless the key signs with {@code scheme}. */
    static void checkSigns(boolean signing, Curve curve, SignatureScheme scheme, String op, KeyId id) throws KeyCustodyException {
        if (!signing || curve.signatureScheme() != scheme) {
            throw new KeyCustodyException(KeyCustodyException.Reason.INVALID_INPUT, op, id, "key is not a " + scheme + " key");
        }
    }

    /** INVALID_INPUT unless the key is a {@code kem} key. */
    static void checkDh(boolean signing, Curve curve, KemId kem, String op, KeyId id) throws KeyCustodyException {
        if (signing || curve.kem() != kem) {
            throw new KeyCustodyException(KeyCustodyException.Reason.INVALID_INPUT, op, id, "key is not a " + kem + " key");
        }
    }

    /** The operations a backend performs for its handles. */
    interface Ops {
        byte[] sign(KeyId id, SignatureScheme scheme, byte[] message) throws KeyCustodyException;

        byte[] dh(KeyId id, KemId kem, byte[] peerPublicKey) throws KeyCustodyException;
    }

    record TokenSignatureKey(Ops ops, KeyId id, byte[] pub, SignatureScheme scheme) implements SignatureKey {
        @Override
        public byte[] publicKey() {
            return pub.clone();
        }

        @Override
        public byte[] sign(byte[] message) throws KeyCustodyException {
            return ops.sign(id, scheme, message);
        }

        @Override
        public String toString() {
            return "TokenSignatureKey[" + id + ", " + scheme + ", pub " + HexFormat.of().formatHex(pub) + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenSignatureKey k && k.id.equals(id) && k.scheme == scheme;
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }
    }

    record TokenHpkeKey(Ops ops, KeyId id, byte[] pub, KemId kem) implements HpkePrivateKey {
        @Override
        public byte[] publicKey() {
            return pub.clone();
        }

        @Override
        public byte[] dh(byte[] peerPublicKey) throws KeyCustodyException {
            return ops.dh(id, kem, peerPublicKey);
        }

        @Override
        public String toString() {
            return "TokenHpkeKey[" + id + ", " + kem + ", pub " + HexFormat.of().formatHex(pub) + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenHpkeKey k && k.id.equals(id) && k.kem == kem;
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }
    }
}
