package dev.mlscustody.pkcs11;

import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import dev.mlscustody.mls.crypto.KeyId;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Validation of peer public keys before they reach the token (RFC 9180 §7.1.4: DeserializePublicKey
 * must reject invalid points; for X25519/X448 the all-zero DH output is rejected after the DH).
 */
final class PeerKeys {
    private PeerKeys() {
    }

    static void validate(KemId kem, byte[] peer, String op, KeyId id) throws KeyCustodyException {
        if (peer == null || peer.length != kem.nPk()) {
            throw new KeyCustodyException(Reason.INVALID_INPUT, op, id,
                    "peer public key must have " + kem.nPk() + " bytes");
        }
        Curve curve = Curve.of(kem);
        if (curve.isNist()) {
            if (peer[0] != 0x04) {
                throw new KeyCustodyException(Reason.INVALID_INPUT, op, id, "peer public key is not an uncompressed point");
            }
            X9ECParameters p = CustomNamedCurves.getByName(curve.jcaName);
            try {
                ECPoint pt = p.getCurve().decodePoint(peer);
                if (pt.isInfinity() || !pt.isValid()) {
                    throw new IllegalArgumentException("invalid point");
                }
            } catch (IllegalArgumentException e) {
                throw new KeyCustodyException(Reason.INVALID_INPUT, op, id, "peer public key is not a valid curve point");
            }
        }
    }

    static void checkOutput(KemId kem, byte[] dh, String op, KeyId id) throws KeyCustodyException {
        if (dh == null || dh.length != kem.nDh()) {
            throw new KeyCustodyException(Reason.OPERATION_FAILED, op, id,
                    "token returned a DH output of unexpected length");
        }
        if (kem.isMontgomery()) {
            int acc = 0;
            for (byte b : dh) {
                acc |= b;
            }
            if (acc == 0) {
                throw new KeyCustodyException(Reason.INVALID_INPUT, op, id,
                        "DH output is all zero (low-order peer public key)");
            }
        }
    }
}
