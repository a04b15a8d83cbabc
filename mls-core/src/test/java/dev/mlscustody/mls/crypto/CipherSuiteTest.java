package dev.mlscustody.mls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Suite table, hash/MAC/HKDF against published vectors, AEAD against Bouncy Castle's independent engines. */
class CipherSuiteTest {
    private static final HexFormat HEX = HexFormat.of();

    static IntStream suiteIds() {
        return IntStream.rangeClosed(1, 7);
    }

    @Test
    void suiteTableMatchesRfc9420Section17_1() throws Exception {
        record Row(int id, KemId kem, KdfId kdf, AeadId aead, SignatureScheme sig, int nh) {
        }
        List<Row> rows = List.of(
                new Row(1, KemId.DHKEM_X25519_HKDF_SHA256, KdfId.HKDF_SHA256, AeadId.AES_128_GCM, SignatureScheme.ED25519, 32),
                new Row(2, KemId.DHKEM_P256_HKDF_SHA256, KdfId.HKDF_SHA256, AeadId.AES_128_GCM, SignatureScheme.ECDSA_SECP256R1_SHA256, 32),
                new Row(3, KemId.DHKEM_X25519_HKDF_SHA256, KdfId.HKDF_SHA256, AeadId.CHACHA20_POLY1305, SignatureScheme.ED25519, 32),
                new Row(4, KemId.DHKEM_X448_HKDF_SHA512, KdfId.HKDF_SHA512, AeadId.AES_256_GCM, SignatureScheme.ED448, 64),
                new Row(5, KemId.DHKEM_P521_HKDF_SHA512, KdfId.HKDF_SHA512, AeadId.AES_256_GCM, SignatureScheme.ECDSA_SECP521R1_SHA512, 64),
                new Row(6, KemId.DHKEM_X448_HKDF_SHA512, KdfId.HKDF_SHA512, AeadId.CHACHA20_POLY1305, SignatureScheme.ED448, 64),
                new Row(7, KemId.DHKEM_P384_HKDF_SHA384, KdfId.HKDF_SHA384, AeadId.AES_256_GCM, SignatureScheme.ECDSA_SECP384R1_SHA384, 48));
        assertEquals(7, CipherSuite.all().size());
        for (Row r : rows) {
            CipherSuite s = CipherSuite.of(r.id());
            assertEquals(r.id(), s.id());
            assertEquals(r.kem(), s.kem());
            assertEquals(r.kdf(), s.kdf());
            assertEquals(r.aead(), s.aead());
            assertEquals(r.sig(), s.signatureScheme());
            assertEquals(r.nh(), s.hashLength());
            assertEquals(r.nh(), s.hash(new byte[0]).length);
            assertEquals(s, CipherSuite.all().get(r.id() - 1));
            assertEquals(s.kem(), s.hpke().kem());
            assertEquals(s.aead(), s.hpke().aead());
        }
    }

    @Test
    void unsupportedSuitesAreTypedErrors() {
        for (int id : new int[] {0, 8, 0x0a0a, 0xffff, -1}) {
            assertFalse(CipherSuite.isSupported(id));
            UnsupportedCipherSuiteException e = assertThrows(UnsupportedCipherSuiteException.class, () -> CipherSuite.of(id));
            assertEquals(id, e.cipherSuite());
        }
    }

    // ---- hash, MAC, HKDF: RFC 4231 test case 2, RFC 5869 test cases 1 and 3 ----

    @Test
    void hmacMatchesRfc4231() throws Exception {
        byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                HEX.formatHex(CipherSuite.of(1).mac(key, data)));
        assertEquals("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
                HEX.formatHex(CipherSuite.of(7).mac(key, data)));
        assertEquals("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
                HEX.formatHex(CipherSuite.of(4).mac(key, data)));
    }

    @Test
    void hashMatchesFips180Abc() throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", HEX.formatHex(CipherSuite.of(2).hash(abc)));
        assertEquals("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
                HEX.formatHex(CipherSuite.of(7).hash(abc)));
    }

    @Test
    void verifyMacIsExact() throws Exception {
        CipherSuite s = CipherSuite.of(1);
        byte[] key = s.randomBytes(32);
        byte[] data = "data".getBytes(StandardCharsets.US_ASCII);
        byte[] tag = s.mac(key, data);
        assertTrue(s.verifyMac(key, data, tag));
        byte[] flipped = tag.clone();
        flipped[31] ^= 1;
        assertFalse(s.verifyMac(key, data, flipped));
        assertFalse(s.verifyMac(key, data, java.util.Arrays.copyOf(tag, 31)));
        assertFalse(s.verifyMac(key, data, null));
        assertFalse(s.verifyMac(key, "datb".getBytes(StandardCharsets.US_ASCII), tag));
    }

    @Test
    void hkdfMatchesRfc5869() throws Exception {
        CipherSuite s = CipherSuite.of(1);
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] prk = s.extract(HEX.parseHex("000102030405060708090a0b0c"), ikm);
        assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", HEX.formatHex(prk));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                HEX.formatHex(s.expand(prk, HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42)));
        // test case 3: empty salt and info
        byte[] prk3 = s.extract(new byte[0], ikm);
        assertEquals("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04", HEX.formatHex(prk3));
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                HEX.formatHex(s.expand(prk3, new byte[0], 42)));
        assertThrows(IllegalArgumentException.class, () -> s.expand(prk, new byte[0], 255 * 32 + 1));
    }

    // ---- AEAD ----

    private static AEADCipher bouncyCastle(AeadId id) {
        return id == AeadId.CHACHA20_POLY1305 ? new ChaCha20Poly1305() : GCMBlockCipher.newInstance(AESEngine.newInstance());
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("suiteIds")
    void aeadAgreesWithIndependentImplementationAndRejectsTampering(int id) throws Exception {
        CipherSuite s = CipherSuite.of(id);
        byte[] key = s.randomBytes(s.aead().nk());
        byte[] nonce = s.randomBytes(s.aead().nn());
        byte[] aad = "header".getBytes(StandardCharsets.US_ASCII);
        byte[] pt = s.randomBytes(1000);
        byte[] ct = s.seal(key, nonce, aad, pt);
        assertEquals(pt.length + 16, ct.length);

        AEADCipher bc = bouncyCastle(s.aead());
        bc.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        byte[] expected = new byte[bc.getOutputSize(pt.length)];
        int n = bc.processBytes(pt, 0, pt.length, expected, 0);
        bc.doFinal(expected, n);
        assertArrayEquals(expected, ct, "ciphertext equals Bouncy Castle's");

        assertArrayEquals(pt, s.open(key, nonce, aad, ct));
        // sealing again with the same key and nonce is allowed (and deterministic)
        assertArrayEquals(ct, s.seal(key, nonce, aad, pt));

        byte[] tagFlipped = ct.clone();
        tagFlipped[ct.length - 1] ^= 1;
        assertThrows(CryptoException.class, () -> s.open(key, nonce, aad, tagFlipped));
        byte[] bodyFlipped = ct.clone();
        bodyFlipped[0] ^= (byte) 0x80;
        assertThrows(CryptoException.class, () -> s.open(key, nonce, aad, bodyFlipped));
        assertThrows(CryptoException.class, () -> s.open(key, nonce, "other".getBytes(StandardCharsets.US_ASCII), ct));
        byte[] otherNonce = nonce.clone();
        otherNonce[0] ^= 1;
        assertThrows(CryptoException.class, () -> s.open(key, otherNonce, aad, ct));
        assertThrows(CryptoException.class, () -> s.open(key, nonce, aad, new byte[15]));
        assertThrows(CryptoException.class, () -> s.open(new byte[5], nonce, aad, ct));
        assertThrows(CryptoException.class, () -> s.open(key, new byte[11], aad, ct));
        // still usable after failures
        assertArrayEquals(pt, s.open(key, nonce, aad, ct));
    }

    // ---- labelled helpers (RFC 9420 §5, §8, §9), structs built by hand here ----

    private static byte[] opaque(byte[] b) {
        assertTrue(b.length < 64, "test helper handles short vectors only");
        byte[] out = new byte[b.length + 1];
        out[0] = (byte) b.length;
        System.arraycopy(b, 0, out, 1, b.length);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("suiteIds")
    void labelledKdfHelpersFollowTheStructs(int id) throws Exception {
        CipherSuite s = CipherSuite.of(id);
        byte[] secret = s.randomBytes(s.hashLength());
        byte[] context = s.randomBytes(20);
        byte[] kdfLabel = Bytes.concat(new byte[] {0, 42}, opaque(ascii("MLS 1.0 test")), opaque(context));
        assertArrayEquals(s.expand(secret, kdfLabel, 42), s.expandWithLabel(secret, "test", context, 42));

        byte[] deriveLabel = Bytes.concat(Bytes.i2osp(s.hashLength(), 2), opaque(ascii("MLS 1.0 epoch")), opaque(new byte[0]));
        assertArrayEquals(s.expand(secret, deriveLabel, s.hashLength()), s.deriveSecret(secret, "epoch"));

        byte[] treeLabel = Bytes.concat(new byte[] {0, 12}, opaque(ascii("MLS 1.0 nonce")), opaque(new byte[] {(byte) 0xfe, 0, 0, 7}));
        assertArrayEquals(s.expand(secret, treeLabel, 12), s.deriveTreeSecret(secret, "nonce", 0xfe000007L, 12));
        assertThrows(IllegalArgumentException.class, () -> s.deriveTreeSecret(secret, "nonce", 1L << 32, 12));

        byte[] value = s.randomBytes(33);
        assertArrayEquals(s.hash(Bytes.concat(opaque(ascii("MLS 1.0 KeyPackage Reference")), opaque(value))),
                s.refHash("MLS 1.0 KeyPackage Reference", value));
    }

    @Test
    void keyIdsAreRandomHex() throws Exception {
        KeyId a = CipherSuite.of(1).generateSignatureKey().id();
        KeyId b = CipherSuite.of(1).generateSignatureKey().id();
        assertTrue(a.value().matches("[0-9a-f]{32}"));
        assertNotEquals(a, b);
    }
}
