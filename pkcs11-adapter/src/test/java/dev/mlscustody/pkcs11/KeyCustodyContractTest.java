package dev.mlscustody.pkcs11;

import static dev.mlscustody.pkcs11.Assertions2.assertReason;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Constants;

/**
 * The adapter contract, run against both backends on one fresh SoftHSM2 token: generate on the
 * token, sign → verify with Bouncy Castle, DH == software DH, find again from a new custody
 * (restart-equivalent), destroy → KEY_NOT_FOUND and no object left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyCustodyContractTest {
    private SoftHsmTokens.TestToken token;
    private final Map<Backend, Pkcs11KeyCustody> custodies = new EnumMap<>(Backend.class);
    private TokenInspector inspector;

    @BeforeAll
    void setUp() throws Exception {
        token = SoftHsmTokens.create("contract");
        for (Backend b : Backend.values()) {
            custodies.put(b, Pkcs11KeyCustody.open(token.config(b)));
        }
        inspector = new TokenInspector(token.config(Backend.CRYPTOKI));
    }

    @AfterAll
    void tearDown() {
        if (inspector != null) {
            inspector.close();
        }
        custodies.values().forEach(Pkcs11KeyCustody::close);
    }

    static Stream<Arguments> signatureCases() {
        return Arrays.stream(Backend.values())
                .flatMap(b -> Arrays.stream(SignatureScheme.values()).map(s -> Arguments.of(b, s)));
    }

    static Stream<Arguments> kemCases() {
        return Arrays.stream(Backend.values()).flatMap(b -> Arrays.stream(KemId.values()).map(k -> Arguments.of(b, k)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @EnumSource(Backend.class)
    void reportsTheSuitesItCanDo(Backend b) throws Exception {
        Pkcs11KeyCustody c = custodies.get(b);
        if (b == Backend.CRYPTOKI) {
            // SoftHSM 2.6.1 has EC, Edwards and ECDH mechanisms: everything, X25519/X448 via the Edwards quirk
            assertEquals(java.util.Set.of(SignatureScheme.values()), c.supportedSignatureSchemes());
            assertEquals(java.util.Set.of(KemId.values()), c.supportedKems());
        } else {
            assertEquals(java.util.Set.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.ECDSA_SECP384R1_SHA384,
                    SignatureScheme.ECDSA_SECP521R1_SHA512), c.supportedSignatureSchemes());
            assertEquals(java.util.Set.of(KemId.DHKEM_P256_HKDF_SHA256, KemId.DHKEM_P384_HKDF_SHA384, KemId.DHKEM_P521_HKDF_SHA512),
                    c.supportedKems());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("signatureCases")
    void signatureKeyLifecycle(Backend b, SignatureScheme scheme) throws Exception {
        Pkcs11KeyCustody c = custodies.get(b);
        if (!c.supportedSignatureSchemes().contains(scheme)) {
            assertTrue(b == Backend.SUNPKCS11 && scheme.isEdDsa());
            assertReason(Reason.MECHANISM_NOT_SUPPORTED, () -> c.generateSignatureKey(scheme));
            return;
        }
        SignatureKey k = c.generateSignatureKey(scheme);
        assertEquals(scheme, k.scheme());
        assertTrue(k.id().value().matches("[0-9a-f]{32}"), k.id().value());
        assertEquals(scheme.publicKeyLength(), k.publicKey().length);
        if (!scheme.isEdDsa()) {
            assertEquals(0x04, k.publicKey()[0]);
        }

        List<byte[]> messages = List.of(new byte[] {7}, "MLS 1.0 test".getBytes(StandardCharsets.UTF_8),
                SoftwareCrypto.randomMessage(4096));
        if (scheme.isEdDsa()) {
            // documented limit: the wrapper's JNI passes an empty array as NULL to C_Sign
            assertReason(Reason.INVALID_INPUT, () -> k.sign(new byte[0]));
        } else {
            assertTrue(SoftwareCrypto.verify(scheme, k.publicKey(), new byte[0], k.sign(new byte[0])));
        }
        for (byte[] m : messages) {
            byte[] sig = k.sign(m);
            assertTrue(SoftwareCrypto.verify(scheme, k.publicKey(), m, sig), "BC rejects the token signature");
            byte[] other = Arrays.copyOf(m, m.length + 1);
            assertFalse(SoftwareCrypto.verify(scheme, k.publicKey(), other, sig), "signature verifies for another message");
        }
        if (scheme.isEdDsa()) {
            assertArrayEquals(k.sign(messages.get(1)), k.sign(messages.get(1)), "EdDSA is deterministic");
        } else {
            assertNotEquals(Arrays.toString(k.sign(messages.get(1))), Arrays.toString(k.sign(messages.get(1))));
        }
        assertReason(Reason.INVALID_INPUT, () -> c.findHpkeKey(k.id()));

        byte[] m = messages.get(1);
        try (Pkcs11KeyCustody fresh = Pkcs11KeyCustody.open(token.config(b))) {
            SignatureKey f = fresh.findSignatureKey(k.id());
            assertEquals(k.id(), f.id());
            assertEquals(scheme, f.scheme());
            assertArrayEquals(k.publicKey(), f.publicKey());
            assertTrue(SoftwareCrypto.verify(scheme, k.publicKey(), m, f.sign(m)));

            c.destroy(k.id());
            assertReason(Reason.KEY_NOT_FOUND, () -> c.findSignatureKey(k.id()));
            assertReason(Reason.KEY_NOT_FOUND, () -> k.sign(m));
            // the other custody still had the key cached: its stale handle must not sign
            assertReason(Reason.KEY_NOT_FOUND, () -> f.sign(m));
        }
        try (Pkcs11KeyCustody fresh = Pkcs11KeyCustody.open(token.config(b))) {
            KeyCustodyException e = assertReason(Reason.KEY_NOT_FOUND, () -> fresh.findSignatureKey(k.id()));
            assertTrue(e.getMessage().contains(k.id().value()), "the message names the key");
            assertEquals(k.id(), e.keyId().orElseThrow());
        }
        assertEquals(0, inspector.objectsOf(b, k.id()).length, "objects left on the token");
        c.destroy(k.id()); // destroying a missing key is not an error
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kemCases")
    void hpkeKeyLifecycle(Backend b, KemId kem) throws Exception {
        Pkcs11KeyCustody c = custodies.get(b);
        if (!c.supportedKems().contains(kem)) {
            assertTrue(b == Backend.SUNPKCS11 && kem.isMontgomery());
            assertReason(Reason.MECHANISM_NOT_SUPPORTED, () -> c.generateHpkeKey(kem));
            return;
        }
        HpkePrivateKey k = c.generateHpkeKey(kem);
        assertEquals(kem, k.kem());
        assertEquals(kem.nPk(), k.publicKey().length);
        for (int i = 0; i < 3; i++) {
            SoftwareCrypto.Peer peer = SoftwareCrypto.peer(kem);
            byte[] dh = k.dh(peer.publicKey());
            assertEquals(kem.nDh(), dh.length);
            assertArrayEquals(peer.dh(k.publicKey()), dh, "token DH differs from software DH");
        }
        assertEquals(0, inspector.find(new AttributeVector().class_(PKCS11Constants.CKO_SECRET_KEY)).length,
                "derived secret objects left on the token");
        assertReason(Reason.INVALID_INPUT, () -> k.dh(new byte[kem.nPk() - 1]));
        if (!kem.isMontgomery()) {
            byte[] bad = SoftwareCrypto.peer(kem).publicKey();
            bad[bad.length - 1] ^= 1; // off the curve
            assertReason(Reason.INVALID_INPUT, () -> k.dh(bad));
        } else {
            assertReason(Reason.INVALID_INPUT, () -> k.dh(new byte[kem.nPk()])); // low order: all-zero output
        }
        assertReason(Reason.INVALID_INPUT, () -> c.findSignatureKey(k.id()));

        SoftwareCrypto.Peer peer = SoftwareCrypto.peer(kem);
        try (Pkcs11KeyCustody fresh = Pkcs11KeyCustody.open(token.config(b))) {
            HpkePrivateKey f = fresh.findHpkeKey(k.id());
            assertEquals(kem, f.kem());
            assertArrayEquals(k.publicKey(), f.publicKey());
            assertArrayEquals(peer.dh(k.publicKey()), f.dh(peer.publicKey()));

            c.destroy(k.id());
            assertReason(Reason.KEY_NOT_FOUND, () -> c.findHpkeKey(k.id()));
            assertReason(Reason.KEY_NOT_FOUND, () -> k.dh(peer.publicKey()));
            assertReason(Reason.KEY_NOT_FOUND, () -> f.dh(peer.publicKey()));
        }
        assertEquals(0, inspector.objectsOf(b, k.id()).length, "objects left on the token");
    }

    @Test
    void unknownIdsAreNotFound() throws Exception {
        for (Pkcs11KeyCustody c : custodies.values()) {
            KeyId id = new KeyId("00112233445566778899aabbccddeeff");
            assertReason(Reason.KEY_NOT_FOUND, () -> c.findSignatureKey(id));
            assertReason(Reason.KEY_NOT_FOUND, () -> c.findHpkeKey(id));
            c.destroy(id);
        }
        assertReason(Reason.KEY_NOT_FOUND, () -> custodies.get(Backend.CRYPTOKI).findSignatureKey(new KeyId("not-hex")));
    }
}
