package dev.mlscustody.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import dev.mlscustody.pkcs11.Backend;
import dev.mlscustody.pkcs11.ClientTestTokens;
import dev.mlscustody.pkcs11.SoftHsmTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cross-implementation interop with ts-mls 1.6.4 (TypeScript, from the npm registry), driven by
 * {@code src/test/interop/ts-mls/scenario.mjs} under Node against our {@code mls-custody.jar client}.
 *
 * <ul>
 *   <li>{@link #interopWithOurClient}: the real scenario, for all seven cipher suites, with this JVM's
 *       {@code java} and {@code target/mls-custody.jar}.</li>
 *   <li>{@link #interopWithTokenHeldKeys}: the same with our members' keys on a SoftHSM2 token.</li>
 *   <li>{@link #selfCheck}: the same scenario with a ts-mls stand-in playing our client, plus
 *       known-answer checks of ts-mls against the MLS test vectors: shows the driver, the pinned
 *       ts-mls install and the file encodings work, independently of our client.</li>
 *   <li>{@link #sabotagedStandInIsCaught}: a stand-in that answers wrong exporter values must make
 *       the driver fail, so a green run means something.</li>
 * </ul>
 *
 * <p>Skipped (with the reason) where {@code node} is not on PATH, where {@code npm ci} has not been
 * run in the scenario folder, where the jar is missing, or where the jar has no {@code client}
 * command yet. Needs: {@code npm ci --prefix custody-service/src/test/interop/ts-mls}.
 */
class TsMlsInteropIT {

    private static final String TS_MLS_VERSION = "1.6.4";
    private static final Pattern EXACT_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed$");

    private static final Path DIR = Path.of(System.getProperty("tsmls.interop.dir", "src/test/interop/ts-mls")).toAbsolutePath();
    private static final Path JAR = Path.of(System.getProperty("mlscustody.jar", "target/mls-custody.jar")).toAbsolutePath();
    private static final Path WORK = Path.of(System.getProperty("tsmls.interop.work", "target/ts-mls-interop")).toAbsolutePath();
    /** Whole-run bound per suite; each call of our client is bounded separately (--step-timeout). */
    private static final long SUITE_TIMEOUT_S = Long.getLong("tsmls.interop.timeoutSeconds", 80);
    private static final long STEP_TIMEOUT_MS = Long.getLong("tsmls.interop.stepTimeoutMs", 20_000);

    // ------------------------------------------------------------------ always runnable

    @Test
    void packageJsonPinsTsMlsExactly() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode pkg = json.readTree(DIR.resolve("package.json").toFile());
        assertTrue(pkg.path("private").asBoolean(false), "package.json must be private");
        assertEquals("module", pkg.path("type").asText(), "package.json type");
        JsonNode deps = pkg.path("dependencies");
        assertEquals(TS_MLS_VERSION, deps.path("ts-mls").asText(), "ts-mls must be pinned exactly");
        // ts-mls loads these optional peers: noble for EdDSA/ECDSA signatures, @hpke for ChaCha20-Poly1305
        // (suites 3 and 6) and DHKEM(X448) (suites 4 and 6)
        for (String peer : List.of("@noble/curves", "@noble/ciphers", "@hpke/chacha20poly1305", "@hpke/dhkem-x448")) {
            assertTrue(deps.has(peer), "package.json must pin " + peer);
        }
        for (Map.Entry<String, JsonNode> d : deps.properties()) {
            assertTrue(EXACT_VERSION.matcher(d.getValue().asText()).matches(),
                    d.getKey() + " must be pinned to an exact version, not " + d.getValue().asText());
        }
        JsonNode lock = json.readTree(DIR.resolve("package-lock.json").toFile());
        assertEquals(deps, lock.path("packages").path("").path("dependencies"), "package-lock.json is out of date with package.json");
        assertEquals(TS_MLS_VERSION, lock.path("packages").path("node_modules/ts-mls").path("version").asText(), "locked ts-mls version");
    }

    // ------------------------------------------------------------------ needs node and npm ci

    @ParameterizedTest(name = "self-check, suite {0}")
    @ValueSource(ints = {1, 2})
    void selfCheck(int suite) throws Exception {
        Path node = requireNodeSetup();
        List<String> cmd = new ArrayList<>(List.of(node.toString(), "scenario.mjs", "--self-check", "--suite", Integer.toString(suite),
                "--work", WORK.resolve("self-check").toString(), "--step-timeout", Long.toString(STEP_TIMEOUT_MS), "--quiet"));
        vectors().ifPresent(v -> cmd.addAll(List.of("--vectors", v.toString())));
        Run run = run(cmd, Map.of(), WORK.resolve("self-check-suite" + suite + ".log"));
        assertPassed(run, "ts-mls self-check, suite " + suite);
    }

    @Test
    void sabotagedStandInIsCaught() throws Exception {
        Path node = requireNodeSetup();
        Run run = run(List.of(node.toString(), "scenario.mjs", "--self-check", "--suite", "1",
                        "--work", WORK.resolve("sabotage").toString(), "--step-timeout", Long.toString(STEP_TIMEOUT_MS), "--quiet"),
                Map.of("TSMLS_FAKE_SABOTAGE", "export"), WORK.resolve("sabotage.log"));
        assertEquals(1, run.exitCode, () -> "a wrong exporter value must fail the scenario:\n" + run.output);
        assertTrue(run.output.contains("mismatch: A/extension: MLS-Exporter"), () -> "the failure must name the exporter mismatch:\n" + run.output);
        var m = SUMMARY.matcher(run.output);
        assertTrue(m.find(), () -> "no summary line:\n" + run.output);
        assertEquals("1", m.group(2), () -> "exactly one failed check:\n" + run.output);
        assertTrue(Integer.parseInt(m.group(1)) > 10, () -> "checks before the exporter must have passed:\n" + run.output);
    }

    // ------------------------------------------------------------------ needs node, npm ci and our client

    @ParameterizedTest(name = "ts-mls <-> mls-custody client, suite {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void interopWithOurClient(int suite) throws Exception {
        Path node = requireNodeSetup();
        assumeTrue(Files.isRegularFile(JAR), "ts-mls interop skipped: " + JAR + " is missing (built by `mvn package`)");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assumeTrue(jarHasClientCommand(java), "ts-mls interop skipped: " + JAR + " has no `client` command yet");
        Run run = run(List.of(node.toString(), "scenario.mjs", "--java", java.toString(), "--jar", JAR.toString(),
                        "--suite", Integer.toString(suite), "--work", WORK.resolve("interop").toString(),
                        "--step-timeout", Long.toString(STEP_TIMEOUT_MS)),
                Map.of(), WORK.resolve("interop-suite" + suite + ".log"));
        assertPassed(run, "ts-mls interop with our client, suite " + suite);
    }

    /**
     * The same scenario with our members' keys on a SoftHSM2 token ({@code client --keys pkcs11:...}):
     * signature, leaf and init keys generated, used and destroyed in the token while ts-mls checks
     * every message. Afterwards every private key left on the token is one that a state folder of the
     * run still names (no orphans) and has the PKCS#11 private-key invariants.
     */
    @ParameterizedTest(name = "ts-mls <-> mls-custody client with token keys, {0} suite {1}")
    @CsvSource({"CRYPTOKI, 1", "CRYPTOKI, 2", "SUNPKCS11, 7"})
    void interopWithTokenHeldKeys(Backend backend, int suite) throws Exception {
        Path node = requireNodeSetup();
        assumeTrue(Files.isRegularFile(JAR), "ts-mls interop skipped: " + JAR + " is missing (built by `mvn package`)");
        SoftHsmTokens.TestToken token = SoftHsmTokens.create("ts-" + backend.name().substring(0, 3).toLowerCase() + suite);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path work = WORK.resolve("interop-token-" + backend.name().toLowerCase() + "-" + suite);
        Run run = run(List.of(node.toString(), "scenario.mjs", "--java", java.toString(), "--jar", JAR.toString(),
                        "--suite", Integer.toString(suite), "--work", work.toString(),
                        "--step-timeout", Long.toString(STEP_TIMEOUT_MS), "--quiet",
                        "--client-arg", "--keys", "--client-arg", token.uri(),
                        "--client-arg", "--keys-backend", "--client-arg", backend.name()),
                Map.of(), WORK.resolve("interop-token-" + backend.name().toLowerCase() + "-suite" + suite + ".log"));
        assertPassed(run, "ts-mls interop with our client on token keys, " + backend + " suite " + suite);

        StringBuilder files = new StringBuilder();
        try (var s = Files.walk(work)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        List<ClientTestTokens.PrivateKeyObject> keys = ClientTestTokens.privateKeys(token, backend);
        assertFalse(keys.isEmpty(), "our members' keys were not on the token");
        for (ClientTestTokens.PrivateKeyObject k : keys) {
            assertTrue(Boolean.TRUE.equals(k.sensitive()) && Boolean.TRUE.equals(k.neverExtractable())
                    && Boolean.FALSE.equals(k.extractable()), k::toString);
            assertTrue(files.indexOf(k.keyId()) >= 0, () -> "token key " + k.keyId() + " is named by no state file: orphan");
        }
        assertFalse(files.toString().contains(token.pin()), "the PIN appears in a state or message file");
        assertFalse(run.output.contains(token.pin()), "the PIN appears in the driver output");
    }

    // ------------------------------------------------------------------ helpers

    private record Run(int exitCode, String output) {}

    private static void assertPassed(Run run, String what) {
        if (run.exitCode != 0) {
            fail(what + ": driver exited with " + run.exitCode + "\n----- driver output -----\n" + run.output);
        }
        var m = SUMMARY.matcher(run.output);
        assertTrue(m.find(), () -> what + ": no summary line\n" + run.output);
        assertEquals("0", m.group(2), () -> what + ": failed checks\n" + run.output);
        assertTrue(Integer.parseInt(m.group(1)) > 0, () -> what + ": no check ran\n" + run.output);
    }

    /** Returns node's path, or skips the test when node or the scenario's node_modules are missing. */
    private static Path requireNodeSetup() {
        Optional<Path> node = onPath("node");
        assumeTrue(node.isPresent(), "ts-mls interop skipped: `node` is not on PATH (Node 20+ is needed)");
        assumeTrue(Files.isRegularFile(DIR.resolve("node_modules/ts-mls/package.json")),
                "ts-mls interop skipped: " + DIR.resolve("node_modules") + " is not installed; run `npm ci --prefix " + DIR + "`");
        return node.get();
    }

    private static Optional<Path> onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, exe);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The official vectors (for the self-check's known-answer checks), where present. */
    private static Optional<Path> vectors() {
        for (String var : List.of("MLS_TEST_VECTORS", "MLS_TEST_VECTORS_DEFAULT")) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank() && Files.isRegularFile(Path.of(v, "key-schedule.json"))) return Optional.of(Path.of(v));
        }
        return Optional.empty();
    }

    /** Whether `java -jar JAR --help` lists a `client` command (it does not before our client lands). */
    private static boolean jarHasClientCommand(Path java) throws Exception {
        Run help = run(List.of(java.toString(), "-jar", JAR.toString(), "--help"), Map.of(), WORK.resolve("jar-help.log"), 30);
        assertEquals(0, help.exitCode, () -> "`java -jar " + JAR + " --help` failed:\n" + help.output);
        return Pattern.compile("(?m)^\\s+client\\b").matcher(help.output).find();
    }

    private static Run run(List<String> command, Map<String, String> env, Path log) throws Exception {
        return run(command, env, log, SUITE_TIMEOUT_S);
    }

    /** Runs a command in the scenario folder, output (stdout and stderr) to `log`, bounded in time. */
    private static Run run(List<String> command, Map<String, String> env, Path log, long timeoutSeconds) throws Exception {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close(); // no standard input
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            fail("timed out after " + timeoutSeconds + " s: " + String.join(" ", command) + "\n----- output so far -----\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
