package dev.mlscustody.pkcs11;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test tokens on a real SoftHSM2.
 *
 * <p>SoftHSM reads {@code SOFTHSM2_CONF} when the module is initialised, and a JVM cannot change its
 * own environment, so the surefire configuration fixes {@code SOFTHSM2_CONF=target/softhsm-tests/softhsm2.conf}
 * for the test JVM (and the system properties {@code softhsm.test.dir}, {@code softhsm.config.dir}).
 * The first use in a JVM wipes that folder; every test class then creates its own fresh token (unique
 * label, own PIN file) there with {@code softhsm-config/create-token.sh}. A custody opened on a label
 * the module does not list yet re-initialises the module (SoftHSM lists only tokens present at
 * C_Initialize), which is why test classes close their custodies when done.
 *
 * <p>If {@code softhsm2-util} or the module is missing, or the tests do not run under that
 * environment, the tests are skipped (JUnit assumptions) with a message saying why.
 *
 * <p>Published in this module's test-jar: custody-service's token tests use it too (its surefire
 * configuration sets the same {@code SOFTHSM2_CONF} and system properties).
 */
public final class SoftHsmTokens {
    public static final Path MODULE = Path.of(System.getProperty("softhsm.module", "/usr/lib/softhsm/libsofthsm2.so"));
    static final Path DIR = Path.of(System.getProperty("softhsm.test.dir", "target/softhsm-tests")).toAbsolutePath();
    static final Path SCRIPT = Path.of(System.getProperty("softhsm.config.dir", "../softhsm-config"))
            .resolve("create-token.sh").toAbsolutePath();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static boolean wiped;

    private SoftHsmTokens() {
    }

    /** A token made for one test class. */
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
