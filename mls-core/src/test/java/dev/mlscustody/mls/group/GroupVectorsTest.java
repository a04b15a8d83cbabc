package dev.mlscustody.mls.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.conformance.VectorFiles;
import dev.mlscustody.mls.conformance.VectorCase;
import dev.mlscustody.mls.conformance.VectorCheck;
import dev.mlscustody.mls.conformance.VectorChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The official welcome and passive-client vectors, and the interop-passive files: every case must pass. */
class GroupVectorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "welcome, welcome.json, 7",
        "passive-client, passive-client-welcome.json, 56",
        "passive-client, passive-client-handling-commit.json, 91",
        "passive-client, interop-passive/application.json, 42",
        "passive-client, interop-passive/commit.json, 308",
        "passive-client, interop-passive/external_join.json, 42",
        "passive-client, interop-passive/external_proposals.json, 196",
        "passive-client, interop-passive/welcome_join.json, 56",
    })
    void vectors(String type, String file, int expected) throws Exception {
        List<VectorCase> cases = VectorFiles.loadOrSkip(file);
        assertEquals(expected, cases.size(), file + " case count");
        VectorCheck check = VectorChecks.forType(type).orElseThrow();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            try {
                Optional<String> r = check.check(cases.get(i));
                final int idx = i;
                r.ifPresent(m -> failures.add("case " + idx + ": " + m));
            } catch (Exception e) {
                failures.add("case " + i + ": " + e);
            }
        }
        System.out.println(file + ": " + (cases.size() - failures.size()) + " passed, " + failures.size() + " failed");
        failures.stream().limit(8).forEach(f -> System.out.println("  " + f));
        assertTrue(failures.isEmpty(), file + ": " + failures.size() + " of " + cases.size() + " failed: "
                + failures.subList(0, Math.min(5, failures.size())));
    }
}
