package dev.mlscustody.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7512 parsing and PIN sources (no token needed). */
class Pkcs11UriTest {

    @Test
    void parsesTheExampleUri() {
        Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=mls;object=device-42;id=%01%02"
                + "?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/path/pin");
        assertEquals(Optional.of("mls"), u.token());
        assertEquals(Optional.of("device-42"), u.object());
        assertArrayEquals(new byte[] {1, 2}, u.id().orElseThrow());
        assertEquals(Optional.of("0102"), u.idHex());
        assertEquals(Optional.of("/usr/lib/softhsm/libsofthsm2.so"), u.modulePath());
        assertEquals(new PinSource.FilePin(Path.of("/path/pin")), u.pinSource().orElseThrow());
    }

    @Test
    void percentDecodesUtf8AndBytes() {
        Pkcs11Uri u = Pkcs11Uri.parse("PKCS11:token=My%20Token%e2%82%ac;id=%FF%00a;serial=0123;x-vendor=1?pin-source=env:MLS_PIN");
        assertEquals("My Token€", u.token().orElseThrow());
        assertArrayEquals(new byte[] {(byte) 0xff, 0, 'a'}, u.id().orElseThrow());
        assertEquals("0123", u.other().get("serial"));
        assertEquals("1", u.other().get("x-vendor"));
        assertEquals(new PinSource.EnvPin("MLS_PIN"), u.pinSource().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "pkcs:token=a", "token=a", "pkcs11:token=a;token=b", "pkcs11:token", "pkcs11:=a", "pkcs11:token=a;;object=b",
        "pkcs11:id=%0", "pkcs11:id=%zz", "pkcs11:token=a b", "pkcs11:bogus=1", "pkcs11:token=a?pin-source=ftp:x",
        "pkcs11:token=a?pin-source=env:", "pkcs11:token=%c3%28", "pkcs11:token=a#frag", "pkcs11:token=a?module-path=/x&module-path=/y"
    })
    void rejectsMalformedUris(String uri) {
        assertThrows(Pkcs11UriException.class, () -> Pkcs11Uri.parse(uri));
    }

    @Test
    void refusesPinValueWithoutEchoingIt() {
        Pkcs11UriException e = assertThrows(Pkcs11UriException.class,
                () -> Pkcs11Uri.parse("pkcs11:token=mls?pin-value=s3cr3tPIN&module-path=/x.so"));
        assertFalse(e.getMessage().contains("s3cr3tPIN"));
        assertTrue(e.getMessage().contains("pin-source"));
    }

    @Test
    void configFromUri() {
        Pkcs11Config c = Pkcs11Config.fromUri("pkcs11:token=mls?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=env:PIN",
                Backend.CRYPTOKI);
        assertEquals("mls", c.tokenLabel());
        assertEquals(Pkcs11Config.DEFAULT_SESSION_POOL_SIZE, c.sessionPoolSize());
        assertEquals(Backend.SUNPKCS11, c.withBackend(Backend.SUNPKCS11).backend());
        assertThrows(Pkcs11UriException.class, () -> Pkcs11Config.fromUri("pkcs11:?module-path=/x&pin-source=env:P", Backend.CRYPTOKI));
        assertThrows(Pkcs11UriException.class, () -> Pkcs11Config.fromUri("pkcs11:token=a?pin-source=env:P", Backend.CRYPTOKI));
        assertThrows(Pkcs11UriException.class, () -> Pkcs11Config.fromUri("pkcs11:token=a?module-path=/x", Backend.CRYPTOKI));
    }

    @Test
    void filePinReadsTheFirstLineOnly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pin");
        Files.writeString(f, "1234\r\nignored\n");
        assertArrayEquals("1234".toCharArray(), new PinSource.FilePin(f).readPin());
        assertEquals("file:" + f, new PinSource.FilePin(f).toString());
        assertEquals(new PinSource.FilePin(Path.of("/a/b")), PinSource.parse("file:///a/b"));
    }
}
