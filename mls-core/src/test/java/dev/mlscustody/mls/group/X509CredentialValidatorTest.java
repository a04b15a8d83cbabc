package dev.mlscustody.mls.group;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.message.BasicCredential;
import dev.mlscustody.mls.message.X509Credential;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The X.509 authentication-service hook (RFC 9420 §5.3, RFC 9750): chain to anchors, key binding. */
class X509CredentialValidatorTest {
    @TempDir
    static Path dir;
    static X509Certificate ca;
    static X509Certificate otherCa;
    static X509Certificate leaf;

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + new String(out));
        }
    }

    private static X509Certificate read(String file) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(file))));
    }

    @BeforeAll
    static void certificates() throws Exception {
        String[] common = {"-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"};
        for (String name : new String[] {"ca", "other"}) {
            keytool(concat(new String[] {"-genkeypair", "-alias", name, "-keyalg", "Ed25519", "-dname", "CN=" + name,
                    "-ext", "bc:c", "-validity", "30", "-keystore", name + ".p12"}, common));
            keytool(concat(new String[] {"-exportcert", "-alias", name, "-keystore", name + ".p12", "-file", name + ".der"},
                    common));
        }
        keytool(concat(new String[] {"-genkeypair", "-alias", "leaf", "-keyalg", "Ed25519", "-dname", "CN=device-1",
                "-validity", "30", "-keystore", "leaf.p12"}, common));
        keytool(concat(new String[] {"-certreq", "-alias", "leaf", "-keystore", "leaf.p12", "-file", "leaf.csr"}, common));
        keytool(concat(new String[] {"-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "leaf.csr",
                "-outfile", "leaf.der", "-validity", "10"}, common));
        ca = read("ca.der");
        otherCa = read("other.der");
        leaf = read("leaf.der");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void invalid(X509CredentialValidator v, dev.mlscustody.mls.message.Credential c, byte[] key) {
        ValidationException e = assertThrows(ValidationException.class, () -> v.validate(c, key));
        assertEquals(ValidationException.Reason.INVALID_CREDENTIAL, e.reason());
    }

    @Test
    void chainToAnchorAndKeyBinding() throws Exception {
        X509CredentialValidator v = new X509CredentialValidator(Set.of(ca), Clock.systemUTC());
        byte[] leafKey = X509CredentialValidator.rawPublicKey(leaf);
        assertEquals(32, leafKey.length);
        X509Credential chain = new X509Credential(List.of(leaf.getEncoded(), ca.getEncoded()));
        assertDoesNotThrow(() -> v.validate(chain, leafKey));
        assertDoesNotThrow(() -> v.validate(new X509Credential(List.of(leaf.getEncoded())), leafKey));

        byte[] otherKey = leafKey.clone();
        otherKey[0] ^= 1;
        invalid(v, chain, otherKey);
        invalid(new X509CredentialValidator(Set.of(otherCa), Clock.systemUTC()), chain, leafKey);
        invalid(v, new X509Credential(List.of()), leafKey);
        invalid(v, new X509Credential(List.of(new byte[] {1, 2, 3})), leafKey);
        invalid(v, new BasicCredential(new byte[] {1}), leafKey);
        // expired: validation date far in the future
        invalid(new X509CredentialValidator(Set.of(ca), Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(400))),
                chain, leafKey);
        // dispatch by type
        CredentialValidator both = CredentialValidator.byType(CredentialValidator.acceptAll(), v);
        assertDoesNotThrow(() -> both.validate(new BasicCredential(new byte[] {1}), leafKey));
        assertDoesNotThrow(() -> both.validate(chain, leafKey));
    }
}
