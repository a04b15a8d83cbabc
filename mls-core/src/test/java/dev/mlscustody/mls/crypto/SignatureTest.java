package dev.mlscustody.mls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Signatures per suite; the JDK's SunEC serves as the independent implementation. */
class SignatureTest {
    static IntStream suiteIds() {
        return IntStream.rangeClosed(1, 7);
    }

    /** Our raw public key as a JCA key (SunEC), to verify with an independent implementation. */
    static PublicKey jdkPublicKey(SignatureScheme scheme, byte[] raw) throws Exception {
        return switch (scheme) {
            case ED25519 -> KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    Bytes.concat(HexFormat.of().parseHex("302a300506032b6570032100"), raw)));
            case ED448 -> KeyFactory.getInstance("Ed448").generatePublic(new X509EncodedKeySpec(
                    Bytes.concat(HexFormat.of().parseHex("3043300506032b6571033a00"), raw)));
            default -> {
                String curve = switch (scheme) {
                    case ECDSA_SECP256R1_SHA256 -> "secp256r1";
                    case ECDSA_SECP384R1_SHA384 -> "secp384r1";
                    default -> "secp521r1";
                };
                AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
                p.init(new ECGenParameterSpec(curve));
                int n = (raw.length - 1) / 2;
                ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 1 + n)),
                        new BigInteger(1, Arrays.copyOfRange(raw, 1 + n, raw.length)));
                yield KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p.getParameterSpec(ECParameterSpec.class)));
            }
        };
    }

    static String jdkAlgorithm(SignatureScheme scheme) {
        return switch (scheme) {
            case ED25519 -> "Ed25519";
            case ED448 -> "Ed448";
            case ECDSA_SECP256R1_SHA256 -> "SHA256withECDSA";
            case ECDSA_SECP384R1_SHA384 -> "SHA384withECDSA";
            case ECDSA_SECP521R1_SHA512 -> "SHA512withECDSA";
        };
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("suiteIds")
    void signaturesVerifyHereAndInTheJdk(int id) throws Exception {
        CipherSuite s = CipherSuite.of(id);
        SoftwareSignatureKey key = s.generateSignatureKey();
        byte[] pub = key.publicKey();
        assertEquals(s.signatureScheme().publicKeyLength(), pub.length);
        assertTrue(s.isValidSignaturePublicKey(pub));
        byte[] msg = "message to sign".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = key.sign(msg);
        assertTrue(s.verify(pub, msg, sig));
        if (!s.signatureScheme().isEdDsa()) {
            assertEquals(0x30, sig[0] & 0xff, "ECDSA signatures are DER SEQUENCEs");
        }

        Signature jdk = Signature.getInstance(jdkAlgorithm(s.signatureScheme()));
        jdk.initVerify(jdkPublicKey(s.signatureScheme(), pub));
        jdk.update(msg);
        assertTrue(jdk.verify(sig), "SunEC accepts our signature");
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("suiteIds")
    void tamperedSignatureMessageOrKeyIsRejected(int id) throws Exception {
        CipherSuite s = CipherSuite.of(id);
        SoftwareSignatureKey key = s.generateSignatureKey();
        byte[] pub = key.publicKey();
        byte[] msg = "message to sign".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = key.sign(msg);
        for (int i = 0; i < sig.length; i += Math.max(1, sig.length / 9)) {
            byte[] t = sig.clone();
            t[i] ^= 0x01;
            assertFalse(s.verify(pub, msg, t), "flipped signature byte " + i);
        }
        byte[] otherMsg = msg.clone();
        otherMsg[0] ^= 1;
        assertFalse(s.verify(pub, otherMsg, sig));
        assertFalse(s.verify(s.generateSignatureKey().publicKey(), msg, sig));
        // SignWithLabel binds the label
        byte[] labelled = s.signWithLabel(key, "LeafNodeTBS", msg);
        assertTrue(s.verifyWithLabel(pub, "LeafNodeTBS", msg, labelled));
        assertFalse(s.verifyWithLabel(pub, "GroupInfoTBS", msg, labelled));
        assertFalse(s.verify(pub, msg, labelled));
        // and is Sign over SignContent
        byte[] signContent = Bytes.concat(new byte[] {19}, "MLS 1.0 LeafNodeTBS".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) msg.length}, msg);
        assertTrue(s.verify(pub, signContent, labelled));
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("suiteIds")
    void garbageNeverThrows(int id) throws Exception {
        CipherSuite s = CipherSuite.of(id);
        SoftwareSignatureKey key = s.generateSignatureKey();
        byte[] pub = key.publicKey();
        byte[] msg = {1, 2, 3};
        byte[] sig = key.sign(msg);
        byte[][] badSigs = {new byte[0], new byte[1], s.randomBytes(sig.length), Arrays.copyOf(sig, sig.length - 1),
                Bytes.concat(sig, new byte[] {0}), new byte[] {0x30, (byte) 0x81, (byte) 0xff}, new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00},
                null};
        for (byte[] b : badSigs) {
            assertFalse(s.verify(pub, msg, b));
        }
        byte[] offCurve = pub.clone();
        offCurve[offCurve.length - 1] ^= 1;
        byte[][] badKeys = {new byte[0], new byte[] {4}, Arrays.copyOf(pub, pub.length - 1), Bytes.concat(pub, new byte[] {0}),
                new byte[pub.length], s.randomBytes(pub.length), null};
        for (byte[] k : badKeys) {
            assertFalse(s.verify(k, msg, sig));
        }
        if (!s.signatureScheme().isEdDsa()) {
            assertFalse(s.isValidSignaturePublicKey(offCurve), "point off the curve");
            assertFalse(s.verify(offCurve, msg, sig));
            byte[] compressed = Arrays.copyOf(pub, 1 + (pub.length - 1) / 2);
            compressed[0] = (byte) (2 + (pub[pub.length - 1] & 1));
            assertFalse(s.verify(compressed, msg, sig), "compressed points are not RFC 9420 encodings");
        }
        assertFalse(s.verify(pub, null, sig));
        assertFalse(s.verifyWithLabel(pub, null, msg, sig));
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("suiteIds")
    void jdkSignaturesVerifyHere(int id) throws Exception {
        CipherSuite s = CipherSuite.of(id);
        SignatureScheme scheme = s.signatureScheme();
        var gen = java.security.KeyPairGenerator.getInstance(scheme.isEdDsa() ? jdkAlgorithm(scheme) : "EC");
        if (!scheme.isEdDsa()) {
            gen.initialize(new ECGenParameterSpec(switch (scheme) {
                case ECDSA_SECP256R1_SHA256 -> "secp256r1";
                case ECDSA_SECP384R1_SHA384 -> "secp384r1";
                default -> "secp521r1";
            }));
        }
        var kp = gen.generateKeyPair();
        byte[] raw;
        if (scheme.isEdDsa()) {
            byte[] spki = kp.getPublic().getEncoded();
            raw = Arrays.copyOfRange(spki, spki.length - scheme.publicKeyLength(), spki.length);
        } else {
            var w = ((java.security.interfaces.ECPublicKey) kp.getPublic()).getW();
            int n = (scheme.publicKeyLength() - 1) / 2;
            raw = Bytes.concat(new byte[] {4}, org.bouncycastle.util.BigIntegers.asUnsignedByteArray(n, w.getAffineX()),
                    org.bouncycastle.util.BigIntegers.asUnsignedByteArray(n, w.getAffineY()));
        }
        byte[] msg = "from the JDK".getBytes(StandardCharsets.US_ASCII);
        Signature jdk = Signature.getInstance(jdkAlgorithm(scheme));
        jdk.initSign(kp.getPrivate());
        jdk.update(msg);
        byte[] sig = jdk.sign();
        assertTrue(s.verify(raw, msg, sig));
        assertFalse(s.verify(raw, "from the JDK!".getBytes(StandardCharsets.US_ASCII), sig));
    }

    @Test
    void rfc8032Ed25519TestVector1() throws Exception {
        // RFC 8032 §7.1 TEST 1: empty message
        HexFormat hex = HexFormat.of();
        SoftwareSignatureKey key = SoftwareSignatureKey.fromPrivateKey(SignatureScheme.ED25519,
                hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", hex.formatHex(key.publicKey()));
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                hex.formatHex(key.sign(new byte[0])));
    }

    @Test
    void edDsaPublicKeyValidationRejectsSmallOrderAndNonPoints() throws Exception {
        CipherSuite ed25519 = CipherSuite.of(1);
        byte[] identity = new byte[32];
        identity[0] = 1; // (0, 1): the neutral element, order 1
        assertFalse(ed25519.isValidSignaturePublicKey(identity));
        byte[] notAPoint = HexFormat.of().parseHex("0200000000000000000000000000000000000000000000000000000000000000"); // y = 2: no x exists
        assertFalse(ed25519.isValidSignaturePublicKey(notAPoint));
        assertTrue(ed25519.isValidSignaturePublicKey(ed25519.generateSignatureKey().publicKey()));
        CipherSuite ed448 = CipherSuite.of(4);
        byte[] identity448 = new byte[57];
        identity448[0] = 1;
        assertFalse(ed448.isValidSignaturePublicKey(identity448));
        assertTrue(ed448.isValidSignaturePublicKey(ed448.generateSignatureKey().publicKey()));
        assertFalse(ed448.isValidSignaturePublicKey(new byte[56]));
    }

    @Test
    void signWithLabelRejectsAKeyOfAnotherScheme() throws Exception {
        CipherSuite s = CipherSuite.of(2);
        KeyCustodyException e = assertThrows(KeyCustodyException.class,
                () -> s.signWithLabel(CipherSuite.of(1).generateSignatureKey(), "x", new byte[0]));
        assertEquals(KeyCustodyException.Reason.INVALID_INPUT, e.reason());
    }

    @Test
    void ecdsaSigningIsDeterministicRfc6979() throws Exception {
        CipherSuite s = CipherSuite.of(2);
        SoftwareSignatureKey key = s.generateSignatureKey();
        byte[] msg = {9};
        assertArrayEquals(key.sign(msg), key.sign(msg));
    }
}
