package dev.mlscustody.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of the runner itself: type detection, usage errors, report and exit codes. */
class VectorRunnerTest {

    @Test
    void detectsTypesFromOfficialNames() {
        assertEquals(Optional.of("tree-math"), VectorType.detect(Path.of("x/tree-math.json")));
        assertEquals(Optional.of("psk_secret"), VectorType.detect(Path.of("psk_secret.json")));
        assertEquals(Optional.of("passive-client"), VectorType.detect(Path.of("passive-client-random.json")));
        assertEquals(Optional.empty(), VectorType.detect(Path.of("commit.json")));
        assertEquals(Optional.empty(), VectorType.detect(Path.of("README.md")));
    }

    @Test
    void unknownForcedTypeIsAUsageError() {
        assertThrows(VectorRunner.UsageException.class, () -> new VectorRunner(Optional.of("nonsense")));
    }

    @Test
    void fileWithUnknownNameIsAUsageError(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("commit.json"), "[]");
        VectorRunner runner = new VectorRunner(Optional.empty());
        VectorRunner.UsageException e = assertThrows(VectorRunner.UsageException.class, () -> runner.run(f));
        assertTrue(e.getMessage().contains("--type"));
    }

    @Test
    void missingPathIsAUsageError(@TempDir Path dir) {
        assertThrows(VectorRunner.UsageException.class, () -> VectorRunner.expand(List.of(dir.resolve("absent.json"))));
    }

    @Test
    void unparsableFileIsAUsageError(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("deserialization.json"), "{not json");
        VectorRunner runner = new VectorRunner(Optional.empty());
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.mlscustody.mls.conformance.VectorChecks.forType("deserialization").isPresent(),
                "deserialization check not registered yet");
        assertThrows(VectorRunner.UsageException.class, () -> runner.run(f));
    }

    @Test
    void reportCountsAndExitCodes() {
        Path f = Path.of("a.json");
        var ok = new VectorRunner.FileResult(f, "tree-math",
                List.of(new VectorRunner.CaseResult(0, Optional.empty()), new VectorRunner.CaseResult(1, Optional.empty())), Optional.empty());
        var bad = new VectorRunner.FileResult(Path.of("b.json"), "tree-math",
                List.of(new VectorRunner.CaseResult(0, Optional.empty()), new VectorRunner.CaseResult(1, Optional.of("root: expected 1 got 2"))), Optional.empty());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(0, VectorRunner.report(List.of(ok), new PrintStream(buf, true, StandardCharsets.UTF_8)));
        assertEquals(1, VectorRunner.report(List.of(ok, bad), new PrintStream(buf, true, StandardCharsets.UTF_8)));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("b.json: 1 passed, 1 failed"), out);
        assertTrue(out.contains("  case 1: root: expected 1 got 2"), out);
        assertTrue(out.strip().endsWith("3 passed, 1 failed"), out);
        // no case ran at all: failure exit
        assertEquals(1, VectorRunner.report(List.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }
}
