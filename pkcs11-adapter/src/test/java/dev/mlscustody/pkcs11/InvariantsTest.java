package dev.mlscustody.pkcs11;

import static dev.mlscustody.pkcs11.Assertions2.assertReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import dev.mlscustody.mls.crypto.KeyHandle;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.params.ECDH1_DERIVE_PARAMS;

/**
 * Token-level invariants of what the adapter creates (PKCS#11 v3.0 §4.9 private key attributes),
 * refusals by the token, wrong PIN, and that no log line or exception message carries the PIN.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvariantsTest {
    private SoftHsmTokens.TestToken token;
    private String pin;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final List<String> exceptionTexts = new CopyOnWriteArrayList<>();
    private Handler capture;
    private final List<Logger> tuned = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        token = SoftHsmTokens.create("invariants");
        pin = token.pin();
        capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        sb.append(' ').append(p);
                    }
                }
                if (r.getThrown() != null) {
                    sb.append(' ').append(stackText(r.getThrown()));
                }
                logged.add(sb.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        for (String name : List.of("dev.mlscustody", "org.xipki", "sun.security.pkcs11")) {
            Logger l = Logger.getLogger(name);
            l.setLevel(Level.ALL);
            tuned.add(l);
        }
    }

    @AfterAll
    void tearDown() {
        if (capture == null) {
            return; // skipped (no SoftHSM)
        }
        Logger.getLogger("").removeHandler(capture);
        tuned.forEach(l -> l.setLevel(null));
        // the PIN never appears in anything the adapter logged or threw
        assertFalse(logged.isEmpty(), "nothing was logged at all: capture is not working");
        for (String s : logged) {
            assertFalse(s.contains(pin), "a log record contains the PIN: " + s.replace(pin, "<PIN>"));
        }
        for (String s : exceptionTexts) {
            assertFalse(s.contains(pin), "an exception contains the PIN");
        }
    }

    private static String stackText(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private KeyCustodyException expect(Reason r, org.junit.jupiter.api.function.Executable e) {
        KeyCustodyException ex = assertReason(r, e);
        exceptionTexts.add(stackText(ex) + ex);
        return ex;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void privateKeysAreSensitiveLocalAndSingleUse(Backend b) throws Exception {
        try (Pkcs11KeyCustody c = Pkcs11KeyCustody.open(token.config(b));
             TokenInspector in = new TokenInspector(token.config(b))) {
            List<KeyHandle> made = new ArrayList<>();
            for (SignatureScheme s : c.supportedSignatureSchemes()) {
                made.add(c.generateSignatureKey(s));
            }
            for (KemId k : c.supportedKems()) {
                HpkePrivateKey h = c.generateHpkeKey(k);
                h.dh(SoftwareCrypto.peer(k).publicKey());
                made.add(h);
            }
            assertEquals(b == Backend.CRYPTOKI ? 10 : 6, made.size());
            for (KeyHandle k : made) {
                boolean sig = k instanceof SignatureKey;
                long h = in.privateKey(b, k.id());
                AttributeVector a = in.session.getAttrValues(h, CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE, CKA_ALWAYS_SENSITIVE,
                        CKA_NEVER_EXTRACTABLE, CKA_LOCAL, CKA_EXTRACTABLE, CKA_SIGN, CKA_DERIVE, CKA_LABEL);
                String what = b + " " + k;
                assertEquals(Boolean.TRUE, a.token(), what);
                assertEquals(Boolean.TRUE, a.private_(), what);
                assertEquals(Boolean.TRUE, a.sensitive(), what);
                assertEquals(Boolean.TRUE, a.alwaysSensitive(), what);
                assertEquals(Boolean.TRUE, a.neverExtractable(), what);
                assertEquals(Boolean.TRUE, a.local(), what);
                assertEquals(Boolean.FALSE, a.extractable(), what);
                assertEquals(sig, a.sign(), what);
                assertEquals(!sig, a.derive(), what);
                // the private value cannot be read
                AttributeVector v = in.session.getAttrValues(h, CKA_VALUE);
                assertEquals(null, v.value(), what);
                if (b == Backend.CRYPTOKI) {
                    assertTrue(a.label().startsWith(sig ? "mls-sig-" : "mls-kem-"), a.label());
                    assertEquals(2, in.objectsOf(b, k.id()).length, "private + public key object");
                } else {
                    assertEquals(2, in.objectsOf(b, k.id()).length, "private key + certificate");
                }
                refusesTheOtherFunction(in, h, k, sig);
            }
            // no orphans: every token key object carries an id
            for (long cls : new long[] {CKO_PRIVATE_KEY, CKO_PUBLIC_KEY}) {
                for (long h : in.find(new AttributeVector().class_(cls).token(true))) {
                    byte[] id = in.session.getAttrValues(h, CKA_ID).id();
                    assertTrue(id != null && id.length > 0, "token key object without CKA_ID");
                }
            }
            assertEquals(0, in.find(new AttributeVector().class_(CKO_SECRET_KEY)).length, "secret objects left after DH");
            for (KeyHandle k : made) {
                c.destroy(k.id());
                assertEquals(0, in.objectsOf(b, k.id()).length);
            }
        }
    }

    /** Signature keys cannot derive, HPKE keys cannot sign: the token itself refuses. */
    private static void refusesTheOtherFunction(TokenInspector in, long h, KeyHandle k, boolean sig) {
        if (sig) {
            SignatureScheme s = ((SignatureKey) k).scheme();
            KemId sameCurve = switch (s) {
                case ECDSA_SECP256R1_SHA256 -> KemId.DHKEM_P256_HKDF_SHA256;
                case ECDSA_SECP384R1_SHA384 -> KemId.DHKEM_P384_HKDF_SHA384;
                case ECDSA_SECP521R1_SHA512 -> KemId.DHKEM_P521_HKDF_SHA512;
                case ED25519 -> KemId.DHKEM_X25519_HKDF_SHA256;
                case ED448 -> KemId.DHKEM_X448_HKDF_SHA512;
            };
            byte[] peer = SoftwareCrypto.peer(sameCurve).publicKey();
            assertThrows(PKCS11Exception.class, () -> in.session.deriveKey(
                    new Mechanism(CKM_ECDH1_DERIVE, new ECDH1_DERIVE_PARAMS(CKD_NULL, null, peer)), h,
                    AttributeVector.newSecretKey(CKK_GENERIC_SECRET).token(false).sensitive(false).extractable(true)
                            .valueLen(sameCurve.nDh())), "token derived with a signature key");
        } else {
            KemId kem = ((HpkePrivateKey) k).kem();
            long mech = kem.isMontgomery() ? CKM_EDDSA : CKM_ECDSA;
            assertThrows(PKCS11Exception.class, () -> in.session.signSingle(new Mechanism(mech), h, new byte[32]),
                    "token signed with an HPKE key");
        }
        resetSession(in);
    }

    /** A refused call can leave an operation active in SoftHSM; use a clean session afterwards. */
    private static void resetSession(TokenInspector in) {
        try {
            in.session.findObjectsSingle(new AttributeVector().class_(CKO_DATA), 1);
        } catch (PKCS11Exception e) {
            throw new AssertionError("inspector session left busy: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void wrongPinIsPinIncorrect(Backend b, @TempDir Path dir) throws Exception {
        SoftHsmTokens.TestToken fresh = SoftHsmTokens.create("pin-" + b.name().toLowerCase().substring(0, 3));
        Path wrong = dir.resolve("wrong.pin");
        Files.writeString(wrong, "9" + fresh.pin() + "9\n");
        Pkcs11Config bad = fresh.config(b).withPinSource(new PinSource.FilePin(wrong));
        // nobody is logged in: the token checks the PIN
        KeyCustodyException e = expect(Reason.PIN_INCORRECT, () -> Pkcs11KeyCustody.open(bad));
        assertFalse(e.getMessage().contains(fresh.pin()));
        try (Pkcs11KeyCustody good = Pkcs11KeyCustody.open(fresh.config(b))) {
            SignatureKey k = good.generateSignatureKey(SignatureScheme.ECDSA_SECP256R1_SHA256);
            // the process is logged in now (C_Login would answer CKR_USER_ALREADY_LOGGED_IN): still refused
            expect(Reason.PIN_INCORRECT, () -> Pkcs11KeyCustody.open(bad));
            good.destroy(k.id());
        }
        Pkcs11Config missing = fresh.config(b).withPinSource(new PinSource.FilePin(dir.resolve("absent")));
        expect(Reason.TOKEN_UNAVAILABLE, () -> Pkcs11KeyCustody.open(missing));
    }

    @Test
    void openByUriAndUnknownToken() throws Exception {
        try (Pkcs11KeyCustody c = Pkcs11KeyCustody.open(Pkcs11Config.fromUri(token.uri(), Backend.CRYPTOKI))) {
            SignatureKey k = c.generateSignatureKey(SignatureScheme.ED25519);
            byte[] m = {1, 2, 3};
            assertTrue(SoftwareCrypto.verify(SignatureScheme.ED25519, k.publicKey(), m, k.sign(m)));
            assertFalse(k.toString().contains(pin));
            assertFalse(c.toString().contains(pin));
            c.destroy(k.id());
            // a second custody is open, so the module is not re-initialised for an unknown label
            expect(Reason.TOKEN_UNAVAILABLE, () -> Pkcs11KeyCustody.open(token.config(Backend.CRYPTOKI).withPinSource(
                    new PinSource.EnvPin("MLS_NO_SUCH_VARIABLE_HOPEFULLY"))));
        }
        Pkcs11Config nowhere = new Pkcs11Config(SoftHsmTokens.MODULE, "no-such-token", new PinSource.FilePin(token.pinFile()),
                Backend.CRYPTOKI);
        KeyCustodyException e = expect(Reason.TOKEN_UNAVAILABLE, () -> Pkcs11KeyCustody.open(nowhere));
        assertTrue(e.getMessage().contains("no-such-token"));
        Pkcs11Config noModule = new Pkcs11Config(Path.of("/nonexistent/libpkcs11.so"), token.label(),
                new PinSource.FilePin(token.pinFile()), Backend.CRYPTOKI);
        expect(Reason.TOKEN_UNAVAILABLE, () -> Pkcs11KeyCustody.open(noModule));
        assertNotEquals(0, logged.size());
    }
}
