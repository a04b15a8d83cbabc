package dev.mlscustody.pkcs11;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.util.HexFormat;

/**
 * Key handles returned by both backends. They hold only the key id, the public key and the
 * algorithm; every operation goes back to the custody, which resolves the token object (cached per
 * process) and survives reconnects. No private key material is ever held or returned.
 */
final class TokenKeys {
    private TokenKeys() {
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
