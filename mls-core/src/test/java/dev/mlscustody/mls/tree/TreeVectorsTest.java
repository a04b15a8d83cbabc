package dev.mlscustody.mls.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.conformance.JsonVectorCase;
import dev.mlscustody.mls.conformance.VectorCase;
import dev.mlscustody.mls.conformance.VectorCheck;
import dev.mlscustody.mls.conformance.VectorChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The official tree vectors, every case through the registered checks (all 7 cipher suites). */
class TreeVectorsTest {

    @Test
    void treeValidation() throws Exception {
        assertAllPass("tree-validation", 98);
    }

    @Test
    void treeOperations() throws Exception {
        assertAllPass("tree-operations", 5);
    }

    @Test
    void treeKem() throws Exception {
        assertAllPass("treekem", 77);
    }

    static List<VectorCase> load(String type) throws Exception {
        Path file = JsonVectorCase.vectorDirectory().resolve(type + ".json");
        Assumptions.assumeTrue(Files.isRegularFile(file),
                "official MLS test vectors not found at " + file + " (set MLS_TEST_VECTORS)");
        return JsonVectorCase.load(file);
    }

    private static void assertAllPass(String type, int expectedCases) throws Exception {
        VectorCheck check = VectorChecks.forType(type).orElseThrow(() -> new AssertionError(type + " not registered"));
        List<VectorCase> cases = load(type);
        assertEquals(expectedCases, cases.size(), type + ": number of cases");
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Optional<String> result;
            try {
                result = check.check(cases.get(i));
            } catch (Exception e) {
                result = Optional.of("threw " + e);
            }
            int index = i;
            result.ifPresent(msg -> failures.add("case " + index + ": " + msg));
        }
        assertTrue(failures.isEmpty(), type + ": " + failures.size() + " failing cases: "
                + failures.subList(0, Math.min(5, failures.size())));
    }
}
