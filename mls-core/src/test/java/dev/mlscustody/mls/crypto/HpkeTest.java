package dev.mlscustody.mls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HPKE behaviour per suite: round trips, tampering, invalid keys, the handle boundary. */
class HpkeTest {
    private static final byte[] INFO = "info".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = "aad".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PT = "attack at dawn".getBytes(StandardCharsets.US_ASCII);

    static IntStream suiteIds() {
        return IntStream.rangeClosed(1, 7);
    }

    /** A custody handle that is not a SoftwareHpkeKey: it exposes only DH, like a token. */
    static final class CountingHandle implements HpkePrivateKey {
        final SoftwareHpkeKey inner;
        final AtomicInteger dhCalls = new AtomicInteger();
        byte[] forcedOutput;

        CountingHandle(SoftwareHpkeKey inner) {
            this.inner = inner;
        }

        @Override
        public KeyId id() {
            return inner.id();
        }

        @Override
        public byte[] publicKey() {
            return inner.publicKey();
        }

        @Override
        public KemId kem() {
            return inner.kem();
        }

        @Override
        public byte[] dh(byte[] peerPublicKey) throws KeyCustodyException {
            dhCalls.incrementAndGet();
            return forcedOutput != null ? forcedOutput.clone() : inner.dh(peerPublicKey);
        }
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("suiteIds")
    void singleShotRoundTripThroughAHandle(int id) throws Exception {
        Hpke hpke = CipherSuite.of(id).hpke();
        CountingHandle skR = new CountingHandle(hpke.generateKeyPair());
        HpkeCiphertext ct = hpke.seal(skR.publicKey(), INFO, AAD, PT);
        assertEquals(hpke.kem().nEnc(), ct.kemOutput().length);
        assertEquals(PT.length + 16, ct.ciphertext().length);
        assertArrayEquals(PT, hpke.open(skR, ct.kemOutput(), INFO, AAD, ct.ciphertext()));
        assertEquals(1, skR.dhCalls.get(), "decapsulation asks the handle for exactly one DH");
        // fresh ephemeral key each time
        assertNotEquals(HexFormat.of().formatHex(ct.kemOutput()),
                HexFormat.of().formatHex(hpke.seal(skR.publicKey(), INFO, AAD, PT).kemOutput()));
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("suiteIds")
    void tamperingIsRejected(int id) throws Exception {
        Hpke hpke = CipherSuite.of(id).hpke();
        SoftwareHpkeKey skR = hpke.generateKeyPair();
        HpkeCiphertext ct = hpke.seal(skR.publicKey(), INFO, AAD, PT);
        for (int i : new int[] {0, 1, ct.kemOutput().length / 2, ct.kemOutput().length - 1}) {
            byte[] enc = ct.kemOutput().clone();
            enc[i] ^= 0x02;
            assertThrows(CryptoException.class, () -> hpke.open(skR, enc, INFO, AAD, ct.ciphertext()), "enc byte " + i);
        }
        byte[] body = ct.ciphertext().clone();
        body[0] ^= 1;
        assertThrows(CryptoException.class, () -> hpke.open(skR, ct.kemOutput(), INFO, AAD, body));
        byte[] tag = ct.ciphertext().clone();
        tag[tag.length - 1] ^= 1;
        assertThrows(CryptoException.class, () -> hpke.open(skR, ct.kemOutput(), INFO, AAD, tag));
        assertThrows(CryptoException.class, () -> hpke.open(skR, ct.kemOutput(), "other".getBytes(StandardCharsets.US_ASCII), AAD, ct.ciphertext()));
        assertThrows(CryptoException.class, () -> hpke.open(skR, ct.kemOutput(), INFO, new byte[0], ct.ciphertext()));
        assertThrows(CryptoException.class, () -> hpke.open(hpke.generateKeyPair(), ct.kemOutput(), INFO, AAD, ct.ciphertext()));
        assertThrows(CryptoException.class, () -> hpke.open(skR, Arrays.copyOf(ct.kemOutput(), ct.kemOutput().length - 1), INFO, AAD, ct.ciphertext()));
        assertThrows(CryptoException.class, () -> hpke.open(skR, new byte[0], INFO, AAD, ct.ciphertext()));
        assertThrows(CryptoException.class, () -> hpke.open(skR, ct.kemOutput(), INFO, AAD, new byte[3]));
        // the untampered one still opens
        assertArrayEquals(PT, hpke.open(skR, ct.kemOutput(), INFO, AAD, ct.ciphertext()));
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("suiteIds")
    void invalidRecipientKeysAreRejected(int id) throws Exception {
        Hpke hpke = CipherSuite.of(id).hpke();
        byte[] pk = hpke.generateKeyPair().publicKey();
        assertTrue(hpke.isValidPublicKey(pk));
        assertThrows(CryptoException.class, () -> hpke.seal(new byte[0], INFO, AAD, PT));
        assertThrows(CryptoException.class, () -> hpke.seal(Arrays.copyOf(pk, pk.length - 1), INFO, AAD, PT));
        assertThrows(CryptoException.class, () -> hpke.seal(Bytes.concat(pk, new byte[1]), INFO, AAD, PT));
        if (!hpke.kem().isMontgomery()) {
            byte[] offCurve = pk.clone();
            offCurve[offCurve.length - 1] ^= 1;
            assertFalse(hpke.isValidPublicKey(offCurve));
            assertThrows(CryptoException.class, () -> hpke.seal(offCurve, INFO, AAD, PT), "point not on the curve");
            byte[] xTooLarge = pk.clone();
            Arrays.fill(xTooLarge, 1, 1 + (pk.length - 1) / 2, (byte) 0xff);
            assertThrows(CryptoException.class, () -> hpke.seal(xTooLarge, INFO, AAD, PT), "coordinate >= p");
            byte[] identity = new byte[pk.length];
            assertThrows(CryptoException.class, () -> hpke.seal(identity, INFO, AAD, PT), "all-zero encoding");
            byte[] compressed = Arrays.copyOf(pk, 1 + (pk.length - 1) / 2);
            compressed[0] = (byte) (2 + (pk[pk.length - 1] & 1));
            assertThrows(CryptoException.class, () -> hpke.seal(compressed, INFO, AAD, PT), "compressed point");
            // as enc on the receiving side too, before the handle is asked for DH
            CountingHandle skR = new CountingHandle(hpke.generateKeyPair());
            assertThrows(CryptoException.class, () -> hpke.open(skR, offCurve, INFO, AAD, new byte[32]));
            assertEquals(0, skR.dhCalls.get(), "an invalid enc never reaches the custody handle");
            SoftwareHpkeKey software = hpke.generateKeyPair();
            KeyCustodyException e = assertThrows(KeyCustodyException.class, () -> software.dh(offCurve));
            assertEquals(KeyCustodyException.Reason.INVALID_INPUT, e.reason());
        }
    }

    @Test
    void lowOrderMontgomeryPointsGiveAllZeroDhAndAreRejected() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[][] x25519LowOrder = {
            new byte[32],
            Bytes.concat(new byte[] {1}, new byte[31]),
            hex.parseHex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
        };
        for (int suite : new int[] {1, 3}) {
            Hpke hpke = CipherSuite.of(suite).hpke();
            SoftwareHpkeKey skR = hpke.generateKeyPair();
            for (byte[] p : x25519LowOrder) {
                assertThrows(CryptoException.class, () -> hpke.seal(p, INFO, AAD, PT));
                assertThrows(CryptoException.class, () -> hpke.open(skR, p, INFO, AAD, new byte[32]));
                assertThrows(KeyCustodyException.class, () -> skR.dh(p));
            }
        }
        Hpke x448 = CipherSuite.of(4).hpke();
        SoftwareHpkeKey sk448 = x448.generateKeyPair();
        for (byte[] p : new byte[][] {new byte[56], Bytes.concat(new byte[] {1}, new byte[55])}) {
            assertThrows(CryptoException.class, () -> x448.seal(p, INFO, AAD, PT));
            assertThrows(CryptoException.class, () -> x448.open(sk448, p, INFO, AAD, new byte[32]));
        }
    }

    @Test
    void hpkeChecksTheHandlesDhOutputItself() throws Exception {
        Hpke hpke = CipherSuite.of(1).hpke();
        CountingHandle skR = new CountingHandle(hpke.generateKeyPair());
        HpkeCiphertext ct = hpke.seal(skR.publicKey(), INFO, AAD, PT);
        // setupBaseR involves no AEAD, so only the DH-output check itself can make these fail
        assertTrue(hpke.setupBaseR(ct.kemOutput(), skR, INFO) != null);
        skR.forcedOutput = new byte[32];
        assertThrows(CryptoException.class, () -> hpke.setupBaseR(ct.kemOutput(), skR, INFO), "all-zero output");
        skR.forcedOutput = new byte[31];
        assertThrows(CryptoException.class, () -> hpke.setupBaseR(ct.kemOutput(), skR, INFO), "short output");
        skR.forcedOutput = null;
        assertArrayEquals(PT, hpke.open(skR, ct.kemOutput(), INFO, AAD, ct.ciphertext()));
    }

    @Test
    void keyOfAnotherKemIsRejected() throws Exception {
        Hpke p256 = CipherSuite.of(2).hpke();
        HpkeCiphertext ct = p256.seal(p256.generateKeyPair().publicKey(), INFO, AAD, PT);
        assertThrows(CryptoException.class, () -> p256.open(CipherSuite.of(1).hpke().generateKeyPair(), ct.kemOutput(), INFO, AAD, ct.ciphertext()));
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("suiteIds")
    void contextsAreSequencedAndExportAgrees(int id) throws Exception {
        Hpke hpke = CipherSuite.of(id).hpke();
        SoftwareHpkeKey skR = hpke.generateKeyPair();
        Hpke.SenderSetup s = hpke.setupBaseS(skR.publicKey(), INFO);
        Hpke.Context r = hpke.setupBaseR(s.enc(), skR, INFO);
        byte[] c0 = s.context().seal(AAD, PT);
        byte[] c1 = s.context().seal(AAD, PT);
        assertFalse(Arrays.equals(c0, c1), "each message gets its own nonce");
        assertThrows(CryptoException.class, () -> r.open(AAD, c1), "out of order");
        assertEquals(0, r.sequenceNumber(), "a failed open does not advance the sequence");
        assertArrayEquals(PT, r.open(AAD, c0));
        assertArrayEquals(PT, r.open(AAD, c1));
        assertEquals(2, r.sequenceNumber());
        byte[] ctx = {1, 2, 3};
        assertArrayEquals(s.context().export(ctx, 42), r.export(ctx, 42));
        assertFalse(Arrays.equals(r.export(ctx, 32), r.export(new byte[0], 32)));
        assertThrows(IllegalArgumentException.class, () -> r.export(ctx, 255 * hpke.kdf().nh() + 1));
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("suiteIds")
    void deriveKeyPairIsDeterministicAndImportable(int id) throws Exception {
        CipherSuite suite = CipherSuite.of(id);
        byte[] ikm = suite.randomBytes(suite.kem().nSk());
        SoftwareHpkeKey a = suite.deriveHpkeKeyPair(ikm);
        SoftwareHpkeKey b = suite.deriveHpkeKeyPair(ikm);
        assertArrayEquals(a.publicKey(), b.publicKey());
        assertNotEquals(a.id(), b.id());
        assertTrue(suite.isValidHpkePublicKey(a.publicKey()));
        HpkeCiphertext ct = suite.encryptWithLabel(a.publicKey(), "UpdatePathNode", ikm, PT);
        assertArrayEquals(PT, suite.decryptWithLabel(b, "UpdatePathNode", ikm, ct));
        assertThrows(CryptoException.class, () -> suite.decryptWithLabel(b, "Welcome", ikm, ct), "label is bound");
        assertThrows(CryptoException.class, () -> suite.decryptWithLabel(b, "UpdatePathNode", new byte[0], ct), "context is bound");
    }

    @Test
    void encryptWithLabelIsSealBaseWithEncryptContext() throws Exception {
        CipherSuite suite = CipherSuite.of(1);
        SoftwareHpkeKey sk = suite.generateHpkeKey();
        byte[] context = {7, 7};
        HpkeCiphertext ct = suite.encryptWithLabel(sk.publicKey(), "Welcome", context, PT);
        byte[] label = "MLS 1.0 Welcome".getBytes(StandardCharsets.US_ASCII);
        byte[] info = Bytes.concat(new byte[] {(byte) label.length}, label, new byte[] {2}, context);
        assertArrayEquals(PT, suite.hpke().open(sk, ct.kemOutput(), info, new byte[0], ct.ciphertext()));
    }
}
