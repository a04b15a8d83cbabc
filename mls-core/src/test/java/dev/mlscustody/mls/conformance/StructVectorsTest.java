package dev.mlscustody.mls.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the registered struct-level vector checks over every case of the official files:
 * messages.json (300), deserialization.json (14), tree-math.json (10).
 */
class StructVectorsTest {

    @Test
    void messagesVectorsRoundTripByteExact() throws Exception {
        assertAllPass("messages", 300);
    }

    @Test
    void deserializationVectorsDecodeVarintHeaders() throws Exception {
        assertAllPass("deserialization", 14);
    }

    @Test
    void treeMathVectorsMatch() throws Exception {
        assertAllPass("tree-math", 10);
    }

    private static void assertAllPass(String type, int expectedCases) throws Exception {
        VectorCheck check = VectorChecks.forType(type).orElseThrow(() -> new AssertionError(type + " not registered"));
        List<VectorCase> cases = VectorFiles.loadOrSkip(type + ".json");
        assertEquals(expectedCases, cases.size(), type + ": number of cases");
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Optional<String> result;
            try {
                result = check.check(cases.get(i));
            } catch (Exception e) {
                result = Optional.of("threw " + e);
            }
            final int index = i;
            result.ifPresent(msg -> failures.add("case " + index + ": " + msg));
        }
        assertTrue(failures.isEmpty(), type + ": " + failures.size() + " failing cases: "
                + failures.subList(0, Math.min(5, failures.size())));
    }
}
