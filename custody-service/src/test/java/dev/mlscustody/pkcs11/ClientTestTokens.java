package dev.mlscustody.pkcs11;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ALWAYS_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LOCAL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_NEVER_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * SoftHSM2 tokens for the client tests (as pkcs11-adapter's SoftHsmTokens: the surefire
 * configuration fixes {@code SOFTHSM2_CONF=target/softhsm-tests/softhsm2.conf}; the first use wipes
 * that folder; each test makes a fresh token with {@code softhsm-config/create-token.sh}), and a look
 * at the token behind the adapter's back: the private key objects and their attributes.
 */
public final class ClientTestTokens {
    public static final Path MODULE = Path.of(System.getProperty("softhsm.module", "/usr/lib/softhsm/libsofthsm2.so"));
    static final Path DIR = Path.of(System.getProperty("softhsm.test.dir", "target/softhsm-tests")).toAbsolutePath();
    static final Path SCRIPT = Path.of(System.getProperty("softhsm.config.dir", "../softhsm-config"))
            .resolve("create-token.sh").toAbsolutePath();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static boolean wiped;

    private ClientTestTokens() {
    }

    /** A fresh token. */
    public record TestToken(String label, Path pinFile) {
        public Pkcs11Config config(Backend backend) {
            return new Pkcs11Config(MODULE, label, new PinSource.FilePin(pinFile), backend);
        }

        public String uri() {
            return "pkcs11:token=" + label + "?module-path=" + MODULE + "&pin-source=file:" + pinFile;
        }

        public String pin() throws IOException {
            return Files.readAllLines(pinFile, StandardCharsets.UTF_8).get(0).trim();
        }
    }

    /** A private key object on the token: its key id (as the adapter names it) and its §4.9 attributes. */
    public record PrivateKeyObject(String keyId, Boolean sensitive, Boolean alwaysSensitive, Boolean neverExtractable,
                                   Boolean local, Boolean extractable) {
    }

    public static void assumeSoftHsm() {
        assumeTrue(onPath("softhsm2-util"), "SoftHSM2 is not installed (apt-get install softhsm2): skipping token tests");
        assumeTrue(Files.exists(MODULE), "PKCS#11 module " + MODULE + " not found: skipping token tests");
        String conf = System.getenv("SOFTHSM2_CONF");
        assumeTrue(conf != null && Path.of(conf).toAbsolutePath().equals(DIR.resolve("softhsm2.conf")),
                "SOFTHSM2_CONF must be " + DIR.resolve("softhsm2.conf") + " (set by the surefire configuration): skipping token tests");
        assumeTrue(Files.isExecutable(SCRIPT), SCRIPT + " not found or not executable: skipping token tests");
    }

    /** Creates a fresh token with a unique label (prefix ≤ 20 characters). */
    public static synchronized TestToken create(String prefix) throws IOException, InterruptedException {
        assumeSoftHsm();
        if (!wiped) {
            wipe(DIR);
            wiped = true;
        }
        byte[] r = new byte[4];
        RANDOM.nextBytes(r);
        String label = prefix + "-" + HexFormat.of().formatHex(r);
        Path pin = DIR.resolve(label + ".pin");
        Path so = DIR.resolve(label + ".so.pin");
        Process p = new ProcessBuilder(SCRIPT.toString(), DIR.toString(), label, "file:" + pin, "file:" + so)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("create-token.sh failed for " + label);
        }
        if (!Path.of(out).equals(DIR.resolve("softhsm2.conf"))) {
            throw new IOException("create-token.sh printed an unexpected SOFTHSM2_CONF path: " + out);
        }
        return new TestToken(label, pin);
    }

    /** Every private key object on the token, read through a raw session on the shared module. */
    public static List<PrivateKeyObject> privateKeys(TestToken token, Backend backend) throws Exception {
        Pkcs11Config config = token.config(backend);
        SharedModule shared = SharedModule.acquire(config.modulePath(), "inspect");
        try {
            shared.ensureInitialized();
            Slot slot = shared.findSlot(config.tokenLabel());
            if (slot == null) {
                shared.reinitialize(shared.generation());
                slot = shared.findSlot(config.tokenLabel());
            }
            if (slot == null) {
                throw new IllegalStateException("token " + config.tokenLabel() + " not found");
            }
            Session session = slot.getToken().openSession(true);
            try {
                shared.login(session, slot.getSlotID(), config.pinSource(), "inspect");
                List<PrivateKeyObject> out = new ArrayList<>();
                for (long h : session.findObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY), 100_000)) {
                    AttributeVector a = session.getAttrValues(h, CKA_ID, CKA_SENSITIVE, CKA_ALWAYS_SENSITIVE,
                            CKA_NEVER_EXTRACTABLE, CKA_LOCAL, CKA_EXTRACTABLE);
                    byte[] id = a.id();
                    String keyId = id == null ? "<no CKA_ID>" : switch (backend) {
                        case CRYPTOKI -> HexFormat.of().formatHex(id);
                        case SUNPKCS11 -> new String(id, StandardCharsets.US_ASCII);
                    };
                    out.add(new PrivateKeyObject(keyId, a.sensitive(), a.alwaysSensitive(), a.neverExtractable(),
                            a.local(), a.extractable()));
                }
                return out;
            } finally {
                try {
                    session.closeSession();
                } catch (PKCS11Exception | RuntimeException e) {
                    // ignore
                }
            }
        } finally {
            shared.release();
        }
    }

    private static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(x);
                }
            }
        }
        Files.createDirectories(dir);
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(":")) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }
}
