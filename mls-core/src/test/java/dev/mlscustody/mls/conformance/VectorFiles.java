package dev.mlscustody.mls.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Loads official vector files through {@link JsonVectorCase} (location:
 * {@link JsonVectorCase#vectorDirectory()}); skips the calling test with a clear message when
 * the vectors are absent.
 */
public final class VectorFiles {
    private VectorFiles() {
    }

    /** The vector file {@code name}, or skips the calling test when it is absent. */
    public static Path fileOrSkip(String name) {
        Path dir = JsonVectorCase.vectorDirectory();
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "MLS test vectors not found at " + dir + ": set MLS_TEST_VECTORS or put them in ../shared/mls-test-vectors");
        Path file = dir.resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(file), "test vector file missing: " + file);
        return file;
    }

    public static List<VectorCase> loadOrSkip(String name) throws IOException, VectorFormatException {
        return JsonVectorCase.load(fileOrSkip(name));
    }
}
