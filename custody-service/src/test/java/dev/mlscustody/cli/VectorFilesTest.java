package dev.mlscustody.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every official test-vector file through the same runner as the {@code vectors} command.
 * The folder comes from {@code MLS_TEST_VECTORS}, defaulting to ../shared/mls-test-vectors beside
 * the repository; where it is absent the tests are skipped with a message saying so.
 */
class VectorFilesTest {

    static Optional<Path> vectorsFolder() {
        for (String var : List.of("MLS_TEST_VECTORS", "MLS_TEST_VECTORS_DEFAULT")) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank() && Files.isDirectory(Path.of(v))) {
                return Optional.of(Path.of(v));
            }
        }
        Path fallback = Path.of("..", "..", "shared", "mls-test-vectors").toAbsolutePath().normalize();
        return Files.isDirectory(fallback) ? Optional.of(fallback) : Optional.empty();
    }

    @TestFactory
    Stream<DynamicTest> officialVectorFiles() throws Exception {
        Optional<Path> folder = vectorsFolder();
        assumeTrue(folder.isPresent(), "MLS test vectors not found (set MLS_TEST_VECTORS or place them at ../shared/mls-test-vectors): skipping");
        List<Path> files = VectorRunner.expand(List.of(folder.get()));
        VectorRunner runner = new VectorRunner(Optional.empty());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(runner, f)));
    }

    @TestFactory
    Stream<DynamicTest> interopPassiveFiles() throws Exception {
        Optional<Path> folder = vectorsFolder().map(p -> p.resolve("interop-passive")).filter(Files::isDirectory);
        assumeTrue(folder.isPresent(), "interop-passive vectors not found: skipping");
        List<Path> files = VectorRunner.expand(List.of(folder.get()));
        VectorRunner runner = new VectorRunner(Optional.of("passive-client"));
        return files.stream().map(f -> DynamicTest.dynamicTest("interop-passive/" + f.getFileName(), () -> check(runner, f)));
    }

    private static void check(VectorRunner runner, Path file) throws Exception {
        VectorRunner.FileResult result = runner.run(file);
        assumeTrue(result.skippedReason().isEmpty(), () -> file.getFileName() + ": " + result.skippedReason().orElse(""));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        VectorRunner.report(List.of(result), new PrintStream(buf, true, StandardCharsets.UTF_8));
        String report = buf.toString(StandardCharsets.UTF_8);
        assertTrue(result.cases().size() > 0, "no cases in " + file);
        assertEquals(0, result.failed(), report);
    }
}
