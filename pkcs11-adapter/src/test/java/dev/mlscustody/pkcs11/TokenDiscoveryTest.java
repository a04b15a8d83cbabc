package dev.mlscustody.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A token created while another custody of the process is working on the same module is found:
 * SoftHSM lists only the tokens present at C_Initialize, so opening it re-initialises the module
 * (at most once per {@link SharedModule#DISCOVERY_INTERVAL_NANOS} while others use it); the custody
 * already open carries on, with the same keys, after reconnecting by itself.
 */
class TokenDiscoveryTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTokenCreatedWhileAnotherCustodyWorksIsFound(Backend b) throws Exception {
        SignatureScheme scheme = SignatureScheme.ECDSA_SECP256R1_SHA256;
        byte[] m = {1, 2, 3};
        SoftHsmTokens.TestToken first = SoftHsmTokens.create("disc1-" + b.name().substring(0, 3).toLowerCase());
        try (Pkcs11KeyCustody a = Pkcs11KeyCustody.open(first.config(b))) {
            SignatureKey ka = a.generateSignatureKey(scheme);
            assertTrue(SoftwareCrypto.verify(scheme, ka.publicKey(), m, ka.sign(m)));

            SoftHsmTokens.TestToken second = SoftHsmTokens.create("disc2-" + b.name().substring(0, 3).toLowerCase());
            Pkcs11KeyCustody opened;
            try {
                opened = Pkcs11KeyCustody.open(second.config(b));
            } catch (KeyCustodyException e) {
                // another test of this JVM re-initialised to discover a token less than the interval ago
                assertEquals(Reason.TOKEN_UNAVAILABLE, e.reason(), e::getMessage);
                Thread.sleep(SharedModule.DISCOVERY_INTERVAL_NANOS / 1_000_000 + 100);
                opened = Pkcs11KeyCustody.open(second.config(b));
            }
            try (Pkcs11KeyCustody c = opened) {
                SignatureKey kc = c.generateSignatureKey(scheme);
                assertTrue(SoftwareCrypto.verify(scheme, kc.publicKey(), m, kc.sign(m)));
                // the first custody reconnects by itself: same key, still signing
                assertTrue(SoftwareCrypto.verify(scheme, ka.publicKey(), m, ka.sign(m)));
                assertArrayEquals(ka.publicKey(), a.findSignatureKey(ka.id()).publicKey());

                // a third new token right after: within the interval, opening it is refused (fast) rather
                // than re-initialising the module under the two custodies again
                SoftHsmTokens.TestToken third = SoftHsmTokens.create("disc3-" + b.name().substring(0, 3).toLowerCase());
                KeyCustodyException e = assertThrows(KeyCustodyException.class, () -> Pkcs11KeyCustody.open(third.config(b)));
                assertEquals(Reason.TOKEN_UNAVAILABLE, e.reason(), e::getMessage);
                assertTrue(SoftwareCrypto.verify(scheme, kc.publicKey(), m, kc.sign(m)));
                c.destroy(kc.id());
            }
            a.destroy(ka.id());
        }
    }
}
