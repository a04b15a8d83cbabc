package dev.mlscustody.mls.schedule;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.crypto.CipherSuite;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HashRatchetTest {
    private final CipherSuite suite = suite(1);
    private final byte[] root = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    static CipherSuite suite(int id) {
        try {
            return CipherSuite.of(id);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Independent derivation straight from §9.1, without the ratchet. */
    private RatchetKey expected(int generation) {
        byte[] s = root.clone();
        for (int g = 0; g < generation; g++) {
            s = suite.deriveTreeSecret(s, "secret", g, suite.hashLength());
        }
        return new RatchetKey(generation, suite.deriveTreeSecret(s, "key", generation, suite.aead().nk()),
                suite.deriveTreeSecret(s, "nonce", generation, suite.aead().nn()));
    }

    private HashRatchet ratchet(RatchetPolicy policy) {
        return new HashRatchet(suite, root, policy);
    }

    @Test
    void sendingWalksTheGenerationsInOrder() {
        HashRatchet r = ratchet(RatchetPolicy.DEFAULT);
        for (int g = 0; g < 4; g++) {
            assertEquals(expected(g), r.nextForSending());
        }
        assertEquals(4, r.nextGeneration());
    }

    @Test
    void receiverAcceptsOutOfOrderGenerationsOnce() throws ValidationException {
        HashRatchet r = ratchet(RatchetPolicy.DEFAULT);
        for (int g : new int[] {5, 2, 0, 3, 6}) {
            assertEquals(expected(g), r.keyFor(g));
            r.consume(g);
        }
        for (int g : new int[] {5, 2, 0, 3, 6}) {
            int gen = g;
            ValidationException e = assertThrows(ValidationException.class, () -> r.keyFor(gen));
            assertEquals(Reason.KEY_ALREADY_USED, e.reason());
        }
        assertEquals(expected(1), r.keyFor(1));
        assertEquals(expected(4), r.keyFor(4));
    }

    @Test
    void keyForDoesNotConsume() throws ValidationException {
        HashRatchet r = ratchet(RatchetPolicy.DEFAULT);
        RatchetKey first = r.keyFor(3);
        assertEquals(0, r.nextGeneration());
        assertEquals(first, r.keyFor(3));
        r.consume(3);
        assertEquals(4, r.nextGeneration());
        assertEquals(Reason.KEY_ALREADY_USED, assertThrows(ValidationException.class, () -> r.consume(3)).reason());
    }

    @Test
    void generationBeyondTheForwardLimitIsRejectedWithoutChange() throws ValidationException {
        HashRatchet r = ratchet(new RatchetPolicy(10, 100));
        assertEquals(Reason.GENERATION_TOO_FAR, assertThrows(ValidationException.class, () -> r.keyFor(11)).reason());
        assertEquals(Reason.GENERATION_TOO_FAR, assertThrows(ValidationException.class, () -> r.consume(11)).reason());
        assertEquals(0, r.nextGeneration());
        assertEquals(expected(10), r.keyFor(10));
        r.consume(10);
        // the limit is relative to the next unused generation
        assertEquals(expected(21), r.keyFor(21));
        assertEquals(Reason.GENERATION_TOO_FAR, assertThrows(ValidationException.class, () -> r.keyFor(22)).reason());
        assertEquals(Reason.GENERATION_TOO_FAR, assertThrows(ValidationException.class, () -> r.keyFor(-1)).reason());
    }

    @Test
    void retainedSkippedKeysAreBoundedOldestFirst() throws ValidationException {
        HashRatchet r = ratchet(new RatchetPolicy(100, 3));
        r.consume(10); // skips 0..9, keeps 7, 8, 9
        for (int g = 0; g < 7; g++) {
            int gen = g;
            assertEquals(Reason.KEY_ALREADY_USED, assertThrows(ValidationException.class, () -> r.keyFor(gen)).reason());
        }
        for (int g = 7; g < 10; g++) {
            assertEquals(expected(g), r.keyFor(g));
        }
    }

    @Test
    void nothingSecretInToString() {
        HashRatchet r = ratchet(RatchetPolicy.DEFAULT);
        RatchetKey k = r.nextForSending();
        String hexKey = HexFormat.of().formatHex(k.key());
        assertFalse(k.toString().contains(hexKey));
        assertFalse(r.toString().contains(HexFormat.of().formatHex(root)));
    }

    @Test
    void reuseGuardIsXoredIntoTheFirstFourNonceBytes() {
        RatchetKey k = expected(0);
        byte[] guarded = k.nonceWithReuseGuard(new byte[] {1, 2, 3, 4});
        byte[] n = k.nonce();
        for (int i = 0; i < n.length; i++) {
            assertEquals((byte) (n[i] ^ (i < 4 ? i + 1 : 0)), guarded[i]);
        }
        assertArrayEquals(n, k.nonceWithReuseGuard(new byte[4]));
    }
}
