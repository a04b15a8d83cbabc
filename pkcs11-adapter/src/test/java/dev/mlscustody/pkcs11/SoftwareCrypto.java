package dev.mlscustody.pkcs11;

import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.agreement.X448Agreement;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X448PrivateKeyParameters;
import org.bouncycastle.crypto.params.X448PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.Ed448Signer;
import org.bouncycastle.math.ec.ECPoint;

/** Independent software reference (Bouncy Castle lightweight API) for verifying token results. */
final class SoftwareCrypto {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SoftwareCrypto() {
    }

    static String curveName(Curve c) {
        return c.jcaName;
    }

    /** Verifies an MLS-encoded signature (strict DER for ECDSA, raw for EdDSA). */
    static boolean verify(SignatureScheme scheme, byte[] pub, byte[] message, byte[] sig) {
        try {
            switch (scheme) {
                case ED25519 -> {
                    Ed25519Signer v = new Ed25519Signer();
                    v.init(false, new Ed25519PublicKeyParameters(pub, 0));
                    v.update(message, 0, message.length);
                    return v.verifySignature(sig);
                }
                case ED448 -> {
                    Ed448Signer v = new Ed448Signer(new byte[0]);
                    v.init(false, new Ed448PublicKeyParameters(pub, 0));
                    v.update(message, 0, message.length);
                    return v.verifySignature(sig);
                }
                default -> {
                    ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(sig));
                    if (seq.size() != 2) {
                        return false;
                    }
                    BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
                    BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
                    byte[] reencoded = new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
                            .getEncoded(ASN1Encoding.DER);
                    if (!Arrays.equals(reencoded, sig)) {
                        return false; // not strict DER
                    }
                    Curve c = Curve.of(scheme);
                    X9ECParameters x9 = CustomNamedCurves.getByName(c.jcaName);
                    ECDomainParameters dp = new ECDomainParameters(x9);
                    ECDSASigner v = new ECDSASigner();
                    v.init(false, new ECPublicKeyParameters(x9.getCurve().decodePoint(pub), dp));
                    return v.verifySignature(CryptokiKeyCustody.digest(scheme, message), r, s);
                }
            }
        } catch (Exception e) {
            return false;
        }
    }

    /** A software peer key pair: its public key (MLS encoding) and a function computing DH with it. */
    record Peer(byte[] publicKey, byte[] privateKey, KemId kem) {
        byte[] dh(byte[] tokenPublicKey) {
            switch (kem) {
                case DHKEM_X25519_HKDF_SHA256 -> {
                    byte[] out = new byte[32];
                    X25519Agreement a = new X25519Agreement();
                    a.init(new X25519PrivateKeyParameters(privateKey, 0));
                    a.calculateAgreement(new X25519PublicKeyParameters(tokenPublicKey, 0), out, 0);
                    return out;
                }
                case DHKEM_X448_HKDF_SHA512 -> {
                    byte[] out = new byte[56];
                    X448Agreement a = new X448Agreement();
                    a.init(new X448PrivateKeyParameters(privateKey, 0));
                    a.calculateAgreement(new X448PublicKeyParameters(tokenPublicKey, 0), out, 0);
                    return out;
                }
                default -> {
                    X9ECParameters x9 = CustomNamedCurves.getByName(Curve.of(kem).jcaName);
                    ECPoint p = x9.getCurve().decodePoint(tokenPublicKey).multiply(new BigInteger(1, privateKey)).normalize();
                    return p.getAffineXCoord().getEncoded();
                }
            }
        }
    }

    static Peer peer(KemId kem) {
        switch (kem) {
            case DHKEM_X25519_HKDF_SHA256 -> {
                X25519PrivateKeyParameters k = new X25519PrivateKeyParameters(RANDOM);
                return new Peer(k.generatePublicKey().getEncoded(), k.getEncoded(), kem);
            }
            case DHKEM_X448_HKDF_SHA512 -> {
                X448PrivateKeyParameters k = new X448PrivateKeyParameters(RANDOM);
                return new Peer(k.generatePublicKey().getEncoded(), k.getEncoded(), kem);
            }
            default -> {
                X9ECParameters x9 = CustomNamedCurves.getByName(Curve.of(kem).jcaName);
                BigInteger d;
                do {
                    d = new BigInteger(x9.getN().bitLength(), RANDOM);
                } while (d.signum() == 0 || d.compareTo(x9.getN()) >= 0);
                byte[] pub = x9.getG().multiply(d).normalize().getEncoded(false);
                return new Peer(pub, d.toByteArray(), kem);
            }
        }
    }

    static byte[] randomMessage(int max) {
        byte[] m = new byte[RANDOM.nextInt(max + 1)];
        RANDOM.nextBytes(m);
        return m;
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
