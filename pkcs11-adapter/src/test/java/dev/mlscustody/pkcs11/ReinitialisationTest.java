package dev.mlscustody.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Constants;

/**
 * The module is re-initialised (C_Finalize + C_Initialize, as another custody of the process does
 * when its token went away) every 100 ms while 6 threads sign, derive, create and destroy keys.
 * SoftHSM numbers object handles afresh after C_Initialize, so an operation straddling a
 * re-initialisation could hit another object holding the same number. Asserted: no wrong result;
 * the only failures are TOKEN_UNAVAILABLE; every long-lived key survives with its own material; no
 * key without a CKA_ID and no key the workers did not make is left on the token.
 */
class ReinitialisationTest {
    private static final int THREADS = 6;

    private record HpkeCase(HpkePrivateKey key, byte[] peerPublic, byte[] expected) {
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void operationsNeverStraddleAReinitialisation(Backend b) throws Exception {
        long millis = Integer.getInteger("pkcs11.reinit.seconds", b == Backend.CRYPTOKI ? 8 : 4) * 1000L;
        SoftHsmTokens.TestToken token = SoftHsmTokens.create("reinit-" + b.name().toLowerCase().substring(0, 3));
        Pkcs11Config config = token.config(b).withReconnectInterval(Duration.ZERO);
        SharedModule module = null;
        try (Pkcs11KeyCustody c = Pkcs11KeyCustody.open(config)) {
            SharedModule shared = SharedModule.acquire(config.modulePath(), "test"); // after open: it sees the new token
            module = shared;
            List<SignatureScheme> schemes = new ArrayList<>(c.supportedSignatureSchemes());
            List<KemId> kems = new ArrayList<>(c.supportedKems());
            List<SignatureKey> sigKeys = new ArrayList<>();
            for (SignatureScheme s : schemes) {
                sigKeys.add(c.generateSignatureKey(s));
            }
            List<HpkeCase> hpke = new ArrayList<>();
            for (KemId k : kems) {
                HpkePrivateKey key = c.generateHpkeKey(k);
                SoftwareCrypto.Peer peer = SoftwareCrypto.peer(k);
                hpke.add(new HpkeCase(key, peer.publicKey(), peer.dh(key.publicKey())));
            }

            AtomicLong done = new AtomicLong();
            AtomicLong unavailable = new AtomicLong();
            AtomicLong reinits = new AtomicLong();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            Set<String> mayRemain = ConcurrentHashMap.newKeySet(); // generated, destroy failed TOKEN_UNAVAILABLE
            long deadline = System.nanoTime() + millis * 1_000_000L;

            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                threads.add(Thread.ofPlatform().name("reinit-load-" + t).start(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        try {
                            work(c, rnd, sigKeys, hpke, schemes, kems, problems, mayRemain);
                            done.incrementAndGet();
                        } catch (KeyCustodyException e) {
                            if (e.reason() == Reason.TOKEN_UNAVAILABLE) {
                                unavailable.incrementAndGet();
                            } else {
                                problems.add(e.toString());
                            }
                        } catch (Throwable e) {
                            problems.add(e.toString());
                        }
                    }
                }));
            }
            threads.add(Thread.ofPlatform().name("reinit").start(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(100);
                        shared.reinitialize(shared.generation());
                        reinits.incrementAndGet();
                    } catch (Exception e) {
                        problems.add("reinitialise: " + e);
                    }
                }
            }));
            for (Thread t : threads) {
                t.join();
            }
            System.out.printf("reinit %s: %d ms, %d re-initialisations, %d operations, %d TOKEN_UNAVAILABLE, %d problems%n",
                    b, millis, reinits.get(), done.get(), unavailable.get(), problems.size());
            problems.stream().limit(10).forEach(p -> System.out.println("  problem: " + p));
            assertEquals(List.of(), List.copyOf(problems).subList(0, Math.min(10, problems.size())));
            assertTrue(reinits.get() >= 10 && done.get() > 0, "re-initialisations and work both happened");

            // every long-lived key is still there and still itself
            for (SignatureKey k : sigKeys) {
                byte[] m = {1, 2, 3};
                SignatureKey found = c.findSignatureKey(k.id());
                assertArrayEquals(k.publicKey(), found.publicKey());
                assertTrue(SoftwareCrypto.verify(k.scheme(), k.publicKey(), m, found.sign(m)), k::toString);
            }
            for (HpkeCase h : hpke) {
                assertArrayEquals(h.expected(), c.findHpkeKey(h.key().id()).dh(h.peerPublic()), h.key()::toString);
            }
            Set<String> expected = new TreeSet<>();
            sigKeys.forEach(k -> expected.add(k.id().value()));
            hpke.forEach(h -> expected.add(h.key().id().value()));
            try (TokenInspector in = new TokenInspector(config)) {
                Set<String> onToken = new TreeSet<>();
                for (long h : in.find(new AttributeVector().class_(PKCS11Constants.CKO_PRIVATE_KEY).token(true))) {
                    byte[] id = in.session.getAttrValues(h, PKCS11Constants.CKA_ID).id();
                    assertTrue(id != null && id.length > 0, "a private key without CKA_ID");
                    onToken.add(b == Backend.CRYPTOKI ? HexFormat.of().formatHex(id) : new String(id, java.nio.charset.StandardCharsets.US_ASCII));
                }
                assertTrue(onToken.containsAll(expected), () -> "long-lived keys lost: " + expected + " vs " + onToken);
                Set<String> extra = new TreeSet<>(onToken);
                extra.removeAll(expected);
                extra.removeAll(mayRemain);
                assertEquals(Set.of(), extra, "keys nobody knows of");
                assertEquals(0, in.find(new AttributeVector().class_(PKCS11Constants.CKO_SECRET_KEY).token(true)).length);
                for (long cls : new long[] {PKCS11Constants.CKO_PUBLIC_KEY, PKCS11Constants.CKO_CERTIFICATE}) {
                    assertEquals(0, in.find(new AttributeVector().class_(cls).token(true).id(new byte[0])).length,
                            "token objects without CKA_ID");
                }
            }
        } finally {
            if (module != null) {
                module.release();
            }
        }
    }

    private static void work(Pkcs11KeyCustody c, ThreadLocalRandom rnd, List<SignatureKey> sigKeys, List<HpkeCase> hpke,
                             List<SignatureScheme> schemes, List<KemId> kems, ConcurrentLinkedQueue<String> problems,
                             Set<String> mayRemain) throws KeyCustodyException {
        int r = rnd.nextInt(10);
        if (r < 4) {
            SignatureKey k = sigKeys.get(rnd.nextInt(sigKeys.size()));
            byte[] m = {7, (byte) rnd.nextInt()};
            if (!SoftwareCrypto.verify(k.scheme(), k.publicKey(), m, k.sign(m))) {
                problems.add("wrong signature from " + k);
            }
        } else if (r < 7) {
            HpkeCase h = hpke.get(rnd.nextInt(hpke.size()));
            if (!Arrays.equals(h.expected(), h.key().dh(h.peerPublic()))) {
                problems.add("wrong DH from " + h.key());
            }
        } else {
            KeyId id;
            if (rnd.nextBoolean()) {
                id = c.generateSignatureKey(schemes.get(rnd.nextInt(schemes.size()))).id();
            } else {
                id = c.generateHpkeKey(kems.get(rnd.nextInt(kems.size()))).id();
            }
            mayRemain.add(id.value());
            c.destroy(id);
            mayRemain.remove(id.value());
        }
    }
}
