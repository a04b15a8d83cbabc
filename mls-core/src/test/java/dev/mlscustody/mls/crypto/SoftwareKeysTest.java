package dev.mlscustody.mls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Software handles and custody: no private bytes out, persistence across instances. */
class SoftwareKeysTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void toStringShowsOnlyAlgorithmAndId() throws Exception {
        for (CipherSuite s : CipherSuite.all()) {
            byte[] sigPriv = s.signatureScheme().isEdDsa()
                    ? s.randomBytes(s.signatureScheme() == SignatureScheme.ED25519 ? 32 : 57)
                    : org.bouncycastle.util.BigIntegers.asUnsignedByteArray(s.kem().nSk(), BigInteger.valueOf(0x1234567890abcdefL).pow(3));
            SoftwareSignatureKey sig = SoftwareSignatureKey.fromPrivateKey(s.signatureScheme(), sigPriv);
            assertEquals("SoftwareSignatureKey[" + s.signatureScheme() + ", " + sig.id().value() + "]", sig.toString());
            assertFalse(sig.toString().contains(HEX.formatHex(sigPriv)));

            byte[] hpkePriv = SoftwareHpkeKeyBytes.valid(s);
            SoftwareHpkeKey hpke = SoftwareHpkeKey.fromPrivateKey(s.kem(), hpkePriv);
            assertEquals("SoftwareHpkeKey[" + s.kem() + ", " + hpke.id().value() + "]", hpke.toString());
        }
    }

    /** Private-key bytes that are valid for the suite's KEM: derived via DeriveKeyPair's rules. */
    static final class SoftwareHpkeKeyBytes {
        static byte[] valid(CipherSuite s) throws CryptoException {
            return DhGroup.of(s.kem()).derivePrivateKey(new byte[] {1, 2, 3});
        }
    }

    @Test
    void noPublicMethodReturnsPrivateKeyBytes() {
        for (Class<?> c : List.of(SoftwareSignatureKey.class, SoftwareHpkeKey.class, SoftwareKeyCustody.class)) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == byte[].class) {
                    assertTrue(Set.of("publicKey", "sign", "dh").contains(m.getName()), c.getSimpleName() + "." + m.getName());
                }
            }
        }
    }

    @Test
    void malformedPrivateKeysAreRejected() {
        assertThrows(CryptoException.class, () -> SoftwareSignatureKey.fromPrivateKey(SignatureScheme.ED25519, new byte[31]));
        assertThrows(CryptoException.class, () -> SoftwareSignatureKey.fromPrivateKey(SignatureScheme.ED448, new byte[32]));
        assertThrows(CryptoException.class, () -> SoftwareSignatureKey.fromPrivateKey(SignatureScheme.ECDSA_SECP256R1_SHA256, new byte[32]));
        byte[] n = HEX.parseHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"); // P-256 order
        assertThrows(CryptoException.class, () -> SoftwareSignatureKey.fromPrivateKey(SignatureScheme.ECDSA_SECP256R1_SHA256, n));
        assertThrows(CryptoException.class, () -> SoftwareHpkeKey.fromPrivateKey(KemId.DHKEM_P256_HKDF_SHA256, n));
        assertThrows(CryptoException.class, () -> SoftwareHpkeKey.fromPrivateKey(KemId.DHKEM_P256_HKDF_SHA256, new byte[32]));
        assertThrows(CryptoException.class, () -> SoftwareHpkeKey.fromPrivateKey(KemId.DHKEM_X25519_HKDF_SHA256, new byte[33]));
        assertThrows(CryptoException.class, () -> SoftwareHpkeKey.fromPrivateKey(KemId.DHKEM_P521_HKDF_SHA512, new byte[65]));
    }

    @Test
    void inMemoryCustodyFindsAndDestroys() throws Exception {
        SoftwareKeyCustody custody = SoftwareKeyCustody.inMemory();
        SignatureKey sig = custody.generateSignatureKey(SignatureScheme.ED25519);
        HpkePrivateKey hpke = custody.generateHpkeKey(KemId.DHKEM_X25519_HKDF_SHA256);
        assertArrayEquals(sig.publicKey(), custody.findSignatureKey(sig.id()).publicKey());
        assertArrayEquals(hpke.publicKey(), custody.findHpkeKey(hpke.id()).publicKey());
        assertEquals(KeyCustodyException.Reason.KEY_NOT_FOUND,
                assertThrows(KeyCustodyException.class, () -> custody.findHpkeKey(sig.id())).reason());
        assertEquals(KeyCustodyException.Reason.KEY_NOT_FOUND,
                assertThrows(KeyCustodyException.class, () -> custody.findSignatureKey(new KeyId("00"))).reason());
        custody.destroy(sig.id());
        custody.destroy(sig.id());
        assertThrows(KeyCustodyException.class, () -> custody.findSignatureKey(sig.id()));
        KeyCustodyException e = assertThrows(KeyCustodyException.class, () -> sig.sign(new byte[1]));
        assertEquals(sig.id(), e.keyId().orElseThrow());
    }

    @Test
    void persistentCustodySurvivesARestart(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("keys");
        SoftwareKeyCustody first = SoftwareKeyCustody.persistent(dir);
        byte[] msg = {1, 2, 3};
        record Made(SignatureKey sig, HpkePrivateKey hpke, CipherSuite suite) {
        }
        List<Made> made = new java.util.ArrayList<>();
        for (CipherSuite s : CipherSuite.all()) {
            made.add(new Made(first.generateSignatureKey(s.signatureScheme()), first.generateHpkeKey(s.kem()), s));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertEquals(14, all.size(), "one file per key, no temporaries left: " + all);
            for (Path f : all) {
                assertTrue(f.getFileName().toString().matches("[0-9a-f]{32}\\.key"), f.toString());
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            }
        }

        SoftwareKeyCustody second = SoftwareKeyCustody.persistent(dir);
        for (Made m : made) {
            SignatureKey sig = second.findSignatureKey(m.sig().id());
            assertArrayEquals(m.sig().publicKey(), sig.publicKey());
            assertTrue(m.suite().verify(m.sig().publicKey(), msg, sig.sign(msg)), "reloaded key signs for the original public key");
            HpkePrivateKey hpke = second.findHpkeKey(m.hpke().id());
            HpkeCiphertext ct = m.suite().encryptWithLabel(m.hpke().publicKey(), "Welcome", msg, msg);
            assertArrayEquals(msg, m.suite().decryptWithLabel(hpke, "Welcome", msg, ct));
        }

        KeyId gone = made.get(0).sig().id();
        second.destroy(gone);
        assertFalse(Files.exists(dir.resolve(gone.value() + ".key")));
        assertThrows(KeyCustodyException.class, () -> SoftwareKeyCustody.persistent(dir).findSignatureKey(gone));
    }

    @Test
    void persistentCustodyRejectsCorruptFilesAndForeignIds(@TempDir Path dir) throws Exception {
        SoftwareKeyCustody custody = SoftwareKeyCustody.persistent(dir);
        KeyId id = custody.generateSignatureKey(SignatureScheme.ED25519).id();
        Path file = dir.resolve(id.value() + ".key");
        byte[] content = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(content, content.length - 1));
        KeyCustodyException e = assertThrows(KeyCustodyException.class,
                () -> SoftwareKeyCustody.persistent(dir).findSignatureKey(id));
        assertEquals(KeyCustodyException.Reason.OPERATION_FAILED, e.reason());
        assertFalse(e.getMessage().contains(HEX.formatHex(content).substring(10)), "no key bytes in messages");

        Files.writeString(dir.getParent().resolve("outside.key"), "x");
        assertEquals(KeyCustodyException.Reason.KEY_NOT_FOUND, assertThrows(KeyCustodyException.class,
                () -> custody.findSignatureKey(new KeyId("../outside"))).reason());
    }
}
