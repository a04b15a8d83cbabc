package dev.mlscustody.mls.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.math.ec.rfc8032.Ed448;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verification-key cache ({@link PublicKeyCache} in {@link SignatureAlgorithm}) changes no
 * result: every verification is compared with an independent uncached verification over the raw
 * bytes (the code path before the cache), on instances with a tiny cache so that keys are evicted
 * and re-decoded all the time.
 */
class VerificationKeyCacheTest {
    private static final int SMALL_CACHE = 4;
    private static final byte[] NO_CONTEXT = new byte[0];

    static Stream<SignatureScheme> schemes() {
        return Stream.of(SignatureScheme.values());
    }

    /** A fresh instance of the scheme's algorithm with its own cache of {@code capacity} keys. */
    static SignatureAlgorithm withCache(SignatureScheme scheme, int capacity) {
        return switch (scheme) {
            case ED25519 -> new SignatureAlgorithm.EdDsa25519(capacity);
            case ED448 -> new SignatureAlgorithm.EdDsa448(capacity);
            default -> ((SignatureAlgorithm.Ecdsa) SignatureAlgorithm.of(scheme)).withCacheCapacity(capacity);
        };
    }

    static PublicKeyCache<?> cacheOf(SignatureAlgorithm alg) {
        return switch (alg) {
            case SignatureAlgorithm.EdDsa25519 e -> e.verificationKeys;
            case SignatureAlgorithm.EdDsa448 e -> e.verificationKeys;
            case SignatureAlgorithm.Ecdsa e -> e.verificationKeys;
        };
    }

    /** Verification without any cache: the Bouncy Castle byte-level API, as before the cache. */
    static boolean uncachedVerify(SignatureAlgorithm alg, byte[] pk, byte[] message, byte[] sig) {
        try {
            return switch (alg) {
                case SignatureAlgorithm.EdDsa25519 e -> pk.length == Ed25519.PUBLIC_KEY_SIZE
                        && sig.length == Ed25519.SIGNATURE_SIZE
                        && Ed25519.verify(sig, 0, pk, 0, message, 0, message.length);
                case SignatureAlgorithm.EdDsa448 e -> pk.length == Ed448.PUBLIC_KEY_SIZE
                        && sig.length == Ed448.SIGNATURE_SIZE
                        && Ed448.verify(sig, 0, pk, 0, NO_CONTEXT, message, 0, message.length);
                case SignatureAlgorithm.Ecdsa e -> {
                    ECPoint q = e.decodePublicKey(pk);
                    if (q == null) {
                        yield false;
                    }
                    BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(e.domain().getN(), sig);
                    ECDSASigner verifier = new ECDSASigner();
                    verifier.init(false, new ECPublicKeyParameters(q, e.domain()));
                    yield verifier.verifySignature(Kdf.of(switch (e.scheme()) {
                        case ECDSA_SECP384R1_SHA384 -> KdfId.HKDF_SHA384;
                        case ECDSA_SECP521R1_SHA512 -> KdfId.HKDF_SHA512;
                        default -> KdfId.HKDF_SHA256;
                    }).hash(message), rs[0], rs[1]);
                }
            };
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** One verification to make: key, message, signature and the result it must give. */
    record Case(byte[] publicKey, byte[] message, byte[] signature, boolean expected) {
    }

    /**
     * For each of {@code keys} fresh keys: a valid signature, a tampered signature, a wrong message,
     * and another key's signature; expected results computed without any cache.
     */
    static List<Case> cases(SignatureAlgorithm alg, int keys, Random random) {
        List<Case> cases = new ArrayList<>();
        byte[] previousSignature = null;
        for (int i = 0; i < keys; i++) {
            byte[] sk = alg.generatePrivateKey();
            byte[] pk = alg.publicKeyOf(sk);
            byte[] message = new byte[1 + random.nextInt(200)];
            random.nextBytes(message);
            byte[] sig = alg.sign(sk, pk, message);
            byte[] tampered = sig.clone();
            tampered[random.nextInt(tampered.length)] ^= (byte) (1 << random.nextInt(8));
            byte[] otherMessage = message.clone();
            otherMessage[0] ^= 1;
            cases.add(new Case(pk, message, sig, true));
            cases.add(new Case(pk, message, tampered, uncachedVerify(alg, pk, message, tampered)));
            cases.add(new Case(pk, otherMessage, sig, false));
            if (previousSignature != null) {
                cases.add(new Case(pk, message, previousSignature, false));
            }
            previousSignature = sig;
        }
        for (Case c : cases) {
            assertEquals(c.expected(), uncachedVerify(alg, c.publicKey(), c.message(), c.signature()));
        }
        return cases;
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void cachedVerificationMatchesUncachedWellBeyondTheCacheBound(SignatureScheme scheme) {
        SignatureAlgorithm alg = withCache(scheme, SMALL_CACHE);
        Random random = new Random(scheme.ordinal());
        List<Case> cases = cases(alg, 5 * SMALL_CACHE, random);
        for (int round = 0; round < 3; round++) {
            List<Case> shuffled = new ArrayList<>(cases);
            java.util.Collections.shuffle(shuffled, random);
            for (Case c : shuffled) {
                // A caller's array with the same bytes hits the same entry.
                byte[] pk = round == 1 ? c.publicKey().clone() : c.publicKey();
                assertEquals(c.expected(), alg.verify(pk, c.message(), c.signature()));
                assertTrue(cacheOf(alg).size() <= SMALL_CACHE, "cache bound");
            }
        }
        // The same with a cache big enough to hold every key: results from warm entries.
        SignatureAlgorithm big = withCache(scheme, 1000);
        for (int round = 0; round < 2; round++) {
            for (Case c : cases) {
                assertEquals(c.expected(), big.verify(c.publicKey(), c.message(), c.signature()));
            }
        }
        assertEquals(5 * SMALL_CACHE, cacheOf(big).size());
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void theSharedInstanceVerifiesLikeTheUncachedPath(SignatureScheme scheme) {
        SignatureAlgorithm alg = SignatureAlgorithm.of(scheme);
        for (Case c : cases(alg, 3, new Random(42))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(c.expected(), alg.verify(c.publicKey(), c.message(), c.signature()));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void concurrentVerificationGivesCorrectResults(SignatureScheme scheme) throws Exception {
        SignatureAlgorithm alg = withCache(scheme, SMALL_CACHE);
        List<Case> cases = cases(alg, 3 * SMALL_CACHE, new Random(7));
        int threads = 4;
        int perThread = scheme.name().startsWith("ED") ? 600 : 150;
        AtomicInteger wrong = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(100 + t);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        // Mostly a few hot keys (cache hits, shared points), sometimes any key (evictions).
                        Case c = cases.get(random.nextInt(4) == 0 ? random.nextInt(cases.size()) : random.nextInt(8));
                        if (alg.verify(c.publicKey(), c.message(), c.signature()) != c.expected()) {
                            wrong.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, wrong.get());
        // An insert whose eviction finds another thread sweeping may leave one extra entry.
        assertTrue(cacheOf(alg).size() <= SMALL_CACHE + threads, "cache bound");
    }

    /** Malformed and invalid keys of the scheme, none of which may ever verify. */
    static List<byte[]> invalidKeys(SignatureScheme scheme, byte[] validKey) {
        HexFormat hex = HexFormat.of();
        List<byte[]> keys = new ArrayList<>();
        keys.add(new byte[0]);
        keys.add(Arrays.copyOf(validKey, validKey.length - 1));
        keys.add(Arrays.copyOf(validKey, validKey.length + 1));
        byte[] allOnes = new byte[validKey.length];
        Arrays.fill(allOnes, (byte) 0xff);
        keys.add(allOnes);
        switch (scheme) {
            case ED25519 -> {
                keys.add(new byte[32]); // y = 0: small order
                keys.add(hex.parseHex("0100000000000000000000000000000000000000000000000000000000000000")); // identity
                keys.add(hex.parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")); // y = p - 1
                keys.add(hex.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")); // y = p
                keys.add(notAPoint(32, k -> Ed25519.validatePublicKeyPartial(k, 0)));
                keys.add(hex.parseHex("0100000000000000000000000000000000000000000000000000000000000080")); // x = 0, sign 1
            }
            case ED448 -> {
                keys.add(new byte[57]);
                byte[] identity = new byte[57];
                identity[0] = 1;
                keys.add(identity);
                keys.add(notAPoint(57, k -> Ed448.validatePublicKeyPartial(k, 0)));
            }
            default -> {
                byte[] offCurve = validKey.clone();
                offCurve[offCurve.length - 1] ^= 1; // y changed: off the curve
                keys.add(offCurve);
                byte[] compressedPrefix = validKey.clone();
                compressedPrefix[0] = 0x02;
                keys.add(compressedPrefix);
                keys.add(new byte[validKey.length]); // 04 prefix missing; also all-zero
                byte[] zeroPoint = new byte[validKey.length];
                zeroPoint[0] = 0x04;
                keys.add(zeroPoint);
                keys.add(new byte[] {0x00}); // infinity encoding
            }
        }
        return keys;
    }

    /** The encoding of the smallest y (from 2) that is not the y of a curve point. */
    static byte[] notAPoint(int size, java.util.function.Predicate<byte[]> isPoint) {
        for (int y = 2; ; y++) {
            byte[] key = new byte[size];
            key[0] = (byte) y;
            if (!isPoint.test(key)) {
                return key;
            }
        }
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void invalidKeysAreNeverCachedAndStayRejected(SignatureScheme scheme) {
        SignatureAlgorithm alg = withCache(scheme, 1000);
        byte[] sk = alg.generatePrivateKey();
        byte[] pk = alg.publicKeyOf(sk);
        byte[] message = {1, 2, 3};
        byte[] sig = alg.sign(sk, pk, message);
        List<byte[]> invalid = invalidKeys(scheme, pk);
        for (int round = 0; round < 3; round++) {
            for (byte[] key : invalid) {
                assertFalse(alg.isValidPublicKey(key));
                assertFalse(alg.verify(key, message, sig));
                assertFalse(uncachedVerify(alg, key, message, sig));
            }
            assertEquals(0, cacheOf(alg).size(), "an invalid key was cached");
        }
        assertFalse(alg.verify(null, message, sig));
        assertTrue(alg.verify(pk, message, sig));
        assertEquals(1, cacheOf(alg).size());
        for (byte[] key : invalid) {
            assertFalse(alg.verify(key, message, sig));
        }
        assertEquals(1, cacheOf(alg).size());
    }

    /**
     * Random bytes: about half decode to Edwards points, nearly all of mixed order, which EdDSA
     * verification (unlike {@code isValidPublicKey}) accepts as keys; cached or not, same results.
     */
    @ParameterizedTest
    @MethodSource("schemes")
    void randomKeysAndSignaturesVerifyLikeUncached(SignatureScheme scheme) {
        SignatureAlgorithm alg = withCache(scheme, SMALL_CACHE);
        byte[] sk = alg.generatePrivateKey();
        byte[] pk = alg.publicKeyOf(sk);
        byte[] message = {9, 8, 7};
        byte[] sig = alg.sign(sk, pk, message);
        Random random = new Random(scheme.ordinal() + 1000);
        for (int i = 0; i < 60; i++) {
            byte[] key = new byte[pk.length];
            random.nextBytes(key);
            if (scheme.name().startsWith("ECDSA")) {
                key[0] = 0x04;
            }
            byte[] s = random.nextBoolean() ? sig : Arrays.copyOf(sig, sig.length);
            if (s != sig) {
                random.nextBytes(s);
            }
            for (int r = 0; r < 2; r++) {
                assertEquals(uncachedVerify(alg, key, message, s), alg.verify(key, message, s));
            }
        }
        assertTrue(alg.verify(pk, message, sig));
    }

    @Test
    void edDsaDecodingAcceptsExactlyTheKeysVerificationAccepts() {
        Random random = new Random(1);
        int cached = 0;
        for (int i = 0; i < 400; i++) {
            byte[] key = new byte[Ed25519.PUBLIC_KEY_SIZE];
            random.nextBytes(key);
            Ed25519.PublicPoint point = SignatureAlgorithm.EdDsa25519.decodeVerificationKey(key);
            assertEquals(Ed25519.validatePublicKeyPartial(key, 0), point != null);
            if (point != null) {
                cached++;
                byte[] encoded = new byte[Ed25519.PUBLIC_KEY_SIZE];
                Ed25519.encodePublicPoint(point, encoded, 0);
                assertTrue(Arrays.equals(key, encoded));
            }
            byte[] key448 = new byte[Ed448.PUBLIC_KEY_SIZE];
            random.nextBytes(key448);
            assertEquals(Ed448.validatePublicKeyPartial(key448, 0),
                    SignatureAlgorithm.EdDsa448.decodeVerificationKey(key448) != null);
        }
        assertTrue(cached > 100, "random bytes decode to points about half the time");
    }

    // --- PublicKeyCache itself ---

    @Test
    void cacheStaysBoundedKeepsHotKeysAndCopiesItsKeys() {
        AtomicInteger decodes = new AtomicInteger();
        PublicKeyCache<String> cache = new PublicKeyCache<>(8, b -> {
            decodes.incrementAndGet();
            return b.length > 0 && b[0] == 0 ? null : Arrays.toString(b);
        });
        byte[] hot = {1, 1};
        assertEquals("[1, 1]", cache.get(hot));
        for (int i = 0; i < 1000; i++) {
            byte[] cold = {2, (byte) i, (byte) (i >> 8)};
            assertEquals(Arrays.toString(cold), cache.get(cold));
            assertEquals("[1, 1]", cache.get(new byte[] {1, 1}));
            assertTrue(cache.size() <= 8);
        }
        assertEquals(1 + 1000, decodes.get(), "the hot key was decoded once");

        byte[] mutable = {3, 3};
        String value = cache.get(mutable);
        mutable[1] = 4;
        assertSame(value, cache.get(new byte[] {3, 3}));
        assertEquals("[3, 4]", cache.get(mutable));

        int before = decodes.get();
        for (int i = 0; i < 5; i++) {
            assertNull(cache.get(new byte[] {0, 1}));
        }
        assertEquals(before + 5, decodes.get(), "a rejected key is decoded again every time");
        assertNull(cache.get(null));
        assertNotNull(cache.get(new byte[0]));
    }
}
