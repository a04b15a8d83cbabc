package dev.mlscustody.mls.conformance;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the key-schedule, psk_secret, transcript-hashes, secret-tree and message-protection
 * checks over the official vector files (every case must pass), through the registry.
 */
class ScheduleVectorsTest {

    private static void runAll(String type, String file, int expectedCases) throws Exception {
        List<VectorCase> cases = ScheduleVectorFiles.loadOrSkip(file);
        assertEquals(expectedCases, cases.size(), file + " case count");
        VectorCheck check = VectorChecks.forType(type).orElseThrow(() -> new AssertionError("not registered: " + type));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            try {
                Optional<String> r = check.check(cases.get(i));
                r.ifPresent(failures::add);
            } catch (Exception e) {
                failures.add("case " + i + ": " + e);
            }
        }
        assertTrue(failures.isEmpty(), file + ": " + failures.size() + " of " + cases.size() + " failed: " + failures);
    }

    @Test
    void keySchedule() throws Exception {
        runAll("key-schedule", "key-schedule.json", 7);
    }

    @Test
    void pskSecret() throws Exception {
        runAll("psk_secret", "psk_secret.json", 77);
    }

    @Test
    void secretTree() throws Exception {
        runAll("secret-tree", "secret-tree.json", 21);
    }

    @Test
    void transcriptHashes() throws Exception {
        runAll("transcript-hashes", "transcript-hashes.json", 7);
    }

    @Test
    void messageProtection() throws Exception {
        runAll("message-protection", "message-protection.json", 7);
    }
}
