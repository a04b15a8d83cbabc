package dev.mlscustody.pkcs11;

import static dev.mlscustody.pkcs11.Assertions2.assertReason;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The token goes away mid-run and comes back: typed TOKEN_UNAVAILABLE / KEY_NOT_FOUND errors while
 * it is gone, no crash, and the same custody works again afterwards without a JVM restart.
 * Two faults: SoftHSM's token folder moved away and back, and the module finalised behind the
 * adapter's back (C_Finalize).
 */
class FaultTest {
    private static final Set<Reason> OUTAGE = EnumSet.of(Reason.TOKEN_UNAVAILABLE, Reason.KEY_NOT_FOUND);
    private static final byte[] MESSAGE = "fault".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private interface Op {
        void run() throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tokenFolderRemovedAndRestored(Backend b) throws Exception {
        SoftHsmTokens.TestToken token = SoftHsmTokens.create("fault-dir-" + b.name().toLowerCase().substring(0, 3));
        Pkcs11Config cfg = token.config(b).withReconnectInterval(Duration.ofMillis(20));
        try (Pkcs11KeyCustody c = Pkcs11KeyCustody.open(cfg)) {
            SignatureKey k = c.generateSignatureKey(SignatureScheme.ECDSA_SECP256R1_SHA256);
            HpkePrivateKey h = c.generateHpkeKey(KemId.DHKEM_P256_HKDF_SHA256);
            SoftwareCrypto.Peer peer = SoftwareCrypto.peer(h.kem());
            byte[] expected = peer.dh(h.publicKey());
            List<Op> work = work(c, k, h, peer, expected);

            Path tokens = SoftHsmTokens.DIR.resolve("tokens");
            Path away = SoftHsmTokens.DIR.resolve("tokens.away");
            Files.move(tokens, away);
            int unavailable = 0;
            try {
                for (int round = 0; round < 5; round++) {
                    unavailable += runDuringOutage(work);
                    Thread.sleep(25);
                }
                // writing to a token that is not there cannot succeed
                assertReason(Reason.TOKEN_UNAVAILABLE, () -> c.generateSignatureKey(SignatureScheme.ECDSA_SECP256R1_SHA256));
            } finally {
                Files.move(away, tokens);
            }
            assertTrue(unavailable > 0, "no TOKEN_UNAVAILABLE while the token was gone");
            recovers(c, work);
            c.destroy(k.id());
            c.destroy(h.id());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void moduleFinalisedUnderneath(Backend b) throws Exception {
        SoftHsmTokens.TestToken token = SoftHsmTokens.create("fault-fin-" + b.name().toLowerCase().substring(0, 3));
        Pkcs11Config cfg = token.config(b).withReconnectInterval(Duration.ofMillis(20));
        try (Pkcs11KeyCustody c = Pkcs11KeyCustody.open(cfg)) {
            SignatureKey k = c.generateSignatureKey(SignatureScheme.ECDSA_SECP384R1_SHA384);
            HpkePrivateKey h = c.generateHpkeKey(KemId.DHKEM_P384_HKDF_SHA384);
            SoftwareCrypto.Peer peer = SoftwareCrypto.peer(h.kem());
            byte[] expected = peer.dh(h.publicKey());
            List<Op> work = work(c, k, h, peer, expected);

            SharedModule m = SharedModule.acquire(cfg.modulePath(), "test");
            try {
                m.module().finalize(null); // C_Finalize behind the adapter's back
            } finally {
                m.release();
            }
            assertReason(Reason.TOKEN_UNAVAILABLE, () -> k.sign(MESSAGE));
            recovers(c, work);
            c.destroy(k.id());
            c.destroy(h.id());
        }
    }

    private static List<Op> work(Pkcs11KeyCustody c, SignatureKey k, HpkePrivateKey h, SoftwareCrypto.Peer peer, byte[] expected) {
        return List.of(
                () -> assertTrue(SoftwareCrypto.verify(k.scheme(), k.publicKey(), MESSAGE, k.sign(MESSAGE))),
                () -> assertArrayEquals(expected, h.dh(peer.publicKey())),
                () -> assertArrayEquals(k.publicKey(), c.findSignatureKey(k.id()).publicKey()),
                () -> {
                    SignatureKey n = c.generateSignatureKey(k.scheme());
                    assertTrue(SoftwareCrypto.verify(n.scheme(), n.publicKey(), MESSAGE, n.sign(MESSAGE)));
                    c.destroy(n.id());
                });
    }

    /** Each operation either gives a correct result or a typed outage error; returns the TOKEN_UNAVAILABLE count. */
    private static int runDuringOutage(List<Op> work) throws Exception {
        int unavailable = 0;
        for (Op op : work) {
            try {
                op.run();
            } catch (KeyCustodyException e) {
                assertTrue(OUTAGE.contains(e.reason()), "unexpected reason during the outage: " + e.getMessage());
                if (e.reason() == Reason.TOKEN_UNAVAILABLE) {
                    unavailable++;
                }
            }
        }
        return unavailable;
    }

    /** After the fault is gone, the same custody works again (bounded wait for the reconnect). */
    private static void recovers(Pkcs11KeyCustody c, List<Op> work) throws Exception {
        KeyCustodyException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                for (Op op : work) {
                    op.run();
                }
                return;
            } catch (KeyCustodyException e) {
                assertTrue(OUTAGE.contains(e.reason()), "unexpected reason while recovering: " + e.getMessage());
                last = e;
                Thread.sleep(50);
            }
        }
        fail("the custody did not recover: " + last.getMessage(), last);
    }
}
