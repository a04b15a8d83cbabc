package dev.mlscustody.mls.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks are not vacuous: changing one expected value in an official case makes the check
 * fail and name that field.
 */
class ScheduleChecksDetectMismatchTest {

    private static Optional<String> runMutated(String type, String file, Consumer<ObjectNode> mutation) throws Exception {
        List<VectorCase> cases = JsonVectorCase.load(ScheduleVectorFiles.fileOrSkip(file));
        JsonVectorCase original = (JsonVectorCase) cases.get(3);
        ObjectNode copy = original.json().deepCopy();
        mutation.accept(copy);
        return VectorChecks.forType(type).orElseThrow().check(ScheduleVectorFiles.wrap(new JsonVectorCase(copy, "[3]")));
    }

    private static void flipFirstHexDigit(ObjectNode node, String field) {
        String v = node.get(field).textValue();
        node.put(field, (v.charAt(0) == '0' ? "1" : "0") + v.substring(1));
    }

    private static void assertFailsNaming(Optional<String> result, String field) {
        assertTrue(result.isPresent() && result.get().startsWith(field), "expected a mismatch at " + field + ", got " + result);
    }

    @Test
    void keySchedule() throws Exception {
        assertFailsNaming(runMutated("key-schedule", "key-schedule.json",
                n -> flipFirstHexDigit((ObjectNode) n.get("epochs").get(2), "membership_key")), "epochs[2].membership_key");
        assertFailsNaming(runMutated("key-schedule", "key-schedule.json",
                n -> flipFirstHexDigit((ObjectNode) n.get("epochs").get(0).get("exporter"), "secret")), "epochs[0].exporter.secret");
    }

    @Test
    void pskSecret() throws Exception {
        assertFailsNaming(runMutated("psk_secret", "psk_secret.json", n -> flipFirstHexDigit(n, "psk_secret")), "psk_secret");
    }

    @Test
    void transcriptHashes() throws Exception {
        assertFailsNaming(runMutated("transcript-hashes", "transcript-hashes.json",
                n -> flipFirstHexDigit(n, "interim_transcript_hash_before")), "confirmed_transcript_hash_after");
    }

    @Test
    void secretTree() throws Exception {
        assertFailsNaming(runMutated("secret-tree", "secret-tree.json",
                n -> flipFirstHexDigit((ObjectNode) n.get("leaves").get(0).get(1), "application_nonce")),
                "leaves[0][generation 15].application_nonce");
        assertFailsNaming(runMutated("secret-tree", "secret-tree.json",
                n -> flipFirstHexDigit((ObjectNode) n.get("sender_data"), "key")), "sender_data.key");
    }

    @Test
    void messageProtectionRejectsAWrongMembershipKey() throws Exception {
        Optional<String> r;
        try {
            r = runMutated("message-protection", "message-protection.json", n -> flipFirstHexDigit(n, "membership_key"));
        } catch (dev.mlscustody.mls.ValidationException e) {
            assertTrue(e.reason() == dev.mlscustody.mls.ValidationException.Reason.BAD_MEMBERSHIP_TAG, e.toString());
            return;
        }
        assertTrue(r.isPresent(), "a wrong membership key must not pass");
    }
}
