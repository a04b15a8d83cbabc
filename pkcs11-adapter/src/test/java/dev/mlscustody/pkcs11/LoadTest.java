package dev.mlscustody.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Constants;

/**
 * 8 threads signing, deriving, creating and destroying keys on one token for a bounded time
 * (system property {@code pkcs11.load.seconds}, default 30 for the cryptoki backend and a third of it
 * for SunPKCS11). Asserts zero errors and zero wrong results, never a rate.
 */
class LoadTest {
    private static final int THREADS = 8;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eightThreadsMixedWork(Backend b) throws Exception {
        int seconds = Integer.getInteger("pkcs11.load.seconds", 30);
        long millis = (b == Backend.CRYPTOKI ? seconds * 1000L : Math.max(1000L, seconds * 1000L / 3));
        SoftHsmTokens.TestToken token = SoftHsmTokens.create("load-" + b.name().toLowerCase().substring(0, 3));
        try (Pkcs11KeyCustody c = Pkcs11KeyCustody.open(token.config(b))) {
            LongLivedKeys keys = LongLivedKeys.generate(c);

            AtomicLong signs = new AtomicLong();
            AtomicLong dhs = new AtomicLong();
            AtomicLong lifecycles = new AtomicLong();
            AtomicLong wrong = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            long deadline = System.nanoTime() + millis * 1_000_000L;

            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                threads.add(Thread.ofPlatform().name("load-" + t).start(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        int r = rnd.nextInt(10);
                        try {
                            if (r < 4) {
                                String problem = keys.signChecked(rnd);
                                if (problem != null) {
                                    wrong.incrementAndGet();
                                    problems.add(problem);
                                }
                                signs.incrementAndGet();
                            } else if (r < 7) {
                                String problem = keys.dhChecked(rnd);
                                if (problem != null) {
                                    wrong.incrementAndGet();
                                    problems.add(problem);
                                }
                                dhs.incrementAndGet();
                            } else {
                                lifecycle(c, rnd, keys.schemes(), keys.kems(), wrong, problems);
                                lifecycles.incrementAndGet();
                            }
                        } catch (Throwable e) {
                            errors.incrementAndGet();
                            problems.add(e.toString());
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            System.out.printf("load %s: %d ms, %d threads: %d signs, %d DH, %d key lifecycles, %d wrong, %d errors%n",
                    b, millis, THREADS, signs.get(), dhs.get(), lifecycles.get(), wrong.get(), errors.get());
            problems.stream().limit(10).forEach(p -> System.out.println("  problem: " + p));
            assertEquals(0, errors.get(), "errors");
            assertEquals(0, wrong.get(), "wrong results");
            assertTrue(signs.get() > 0 && dhs.get() > 0 && lifecycles.get() > 0, "every kind of work ran");

            try (TokenInspector in = new TokenInspector(token.config(b))) {
                assertEquals(0, in.find(new AttributeVector().class_(PKCS11Constants.CKO_SECRET_KEY)).length);
                long left = in.find(new AttributeVector().class_(PKCS11Constants.CKO_PRIVATE_KEY).token(true)).length;
                assertEquals(keys.ids().size(), left, "only the long-lived keys remain");
            }
        }
    }

    private static void lifecycle(Pkcs11KeyCustody c, ThreadLocalRandom rnd, List<SignatureScheme> schemes,
                                  List<KemId> kems, AtomicLong wrong, ConcurrentLinkedQueue<String> problems)
            throws KeyCustodyException {
        if (rnd.nextBoolean()) {
            SignatureKey k = c.generateSignatureKey(schemes.get(rnd.nextInt(schemes.size())));
            byte[] m = {9, 8, 7};
            if (!SoftwareCrypto.verify(k.scheme(), k.publicKey(), m, k.sign(m))) {
                wrong.incrementAndGet();
                problems.add("bad signature from new key " + k);
            }
            c.destroy(k.id());
            expectGone(() -> c.findSignatureKey(k.id()), wrong, problems);
        } else {
            HpkePrivateKey k = c.generateHpkeKey(kems.get(rnd.nextInt(kems.size())));
            SoftwareCrypto.Peer p = SoftwareCrypto.peer(k.kem());
            if (!Arrays.equals(p.dh(k.publicKey()), k.dh(p.publicKey()))) {
                wrong.incrementAndGet();
                problems.add("bad DH from new key " + k);
            }
            c.destroy(k.id());
            expectGone(() -> c.findHpkeKey(k.id()), wrong, problems);
        }
    }

    private interface Find {
        Object run() throws KeyCustodyException;
    }

    private static void expectGone(Find f, AtomicLong wrong, ConcurrentLinkedQueue<String> problems) throws KeyCustodyException {
        try {
            f.run();
            wrong.incrementAndGet();
            problems.add("destroyed key still found");
        } catch (KeyCustodyException e) {
            if (e.reason() != Reason.KEY_NOT_FOUND) {
                throw e;
            }
        }
    }
}
