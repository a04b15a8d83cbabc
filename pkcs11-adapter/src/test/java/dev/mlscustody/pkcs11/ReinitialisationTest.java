package dev.mlscustody.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import java.time.Duration;
import java.util.ArrayList;
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
 * re-initialisation could hit another object holding the same number. Asserted: no wrong result
 * and no failed operation; every long-lived key survives with its own material; no
 * key without a CKA_ID and no key the workers did not make is left on the token.
 */
class ReinitialisationTest {
    private static final int THREADS = 6;

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
            LongLivedKeys keys = LongLivedKeys.generate(c);

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
                            work(c, rnd, keys, problems, mayRemain);
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
                        // let the collector reclaim what closed connections dropped: SunPKCS11 closes a
                        // reclaimed Session by its number, which now may belong to a live session
                        System.gc();
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
            assertEquals(0, unavailable.get(), "operations failed TOKEN_UNAVAILABLE although the token never went away");
            assertTrue(reinits.get() >= 10 && done.get() > 0, "re-initialisations and work both happened");

            // every long-lived key is still there and still itself
            for (SignatureKey k : keys.signatureKeys()) {
                byte[] m = {1, 2, 3};
                SignatureKey found = c.findSignatureKey(k.id());
                assertArrayEquals(k.publicKey(), found.publicKey());
                assertTrue(SoftwareCrypto.verify(k.scheme(), k.publicKey(), m, found.sign(m)), k::toString);
            }
            for (LongLivedKeys.HpkeCase h : keys.hpke()) {
                assertArrayEquals(h.expected(), c.findHpkeKey(h.key().id()).dh(h.peerPublic()), h.key()::toString);
            }
            Set<String> expected = keys.ids();
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

    private static void work(Pkcs11KeyCustody c, ThreadLocalRandom rnd, LongLivedKeys keys,
                             ConcurrentLinkedQueue<String> problems, Set<String> mayRemain) throws KeyCustodyException {
        int r = rnd.nextInt(10);
        String problem = null;
        if (r < 4) {
            problem = keys.signChecked(rnd);
        } else if (r < 7) {
            problem = keys.dhChecked(rnd);
        } else {
            KeyId id;
            if (rnd.nextBoolean()) {
                id = c.generateSignatureKey(keys.schemes().get(rnd.nextInt(keys.schemes().size()))).id();
            } else {
                id = c.generateHpkeKey(keys.kems().get(rnd.nextInt(keys.kems().size()))).id();
            }
            mayRemain.add(id.value());
            c.destroy(id);
            mayRemain.remove(id.value());
        }
        if (problem != null) {
            problems.add(problem);
        }
    }
}
