package dev.mlscustody.mls.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        List<VectorCase> cases = load(type + ".json");
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

    /** The official vector folder: MLS_TEST_VECTORS, else the build's default. */
    static Path vectorDir() {
        String dir = System.getenv("MLS_TEST_VECTORS");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("MLS_TEST_VECTORS_DEFAULT");
        }
        if (dir == null || dir.isBlank()) {
            dir = "../../shared/mls-test-vectors";
        }
        return Path.of(dir);
    }

    static List<VectorCase> load(String file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(vectorDir().resolve(file)));
        List<VectorCase> out = new ArrayList<>();
        for (JsonNode n : root) {
            out.add(new JsonCase(n));
        }
        return out;
    }

    /** A Jackson-backed {@link VectorCase}, private to these struct tests. */
    private record JsonCase(JsonNode node) implements VectorCase {
        private JsonNode field(String name) throws VectorFormatException {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                throw new VectorFormatException("missing field " + name);
            }
            return v;
        }

        @Override
        public boolean has(String field) {
            JsonNode v = node.get(field);
            return v != null && !v.isNull();
        }

        @Override
        public byte[] bytes(String field) throws VectorFormatException {
            JsonNode v = field(field);
            if (!v.isTextual()) {
                throw new VectorFormatException(field + " is not a string");
            }
            return Hex.parse(v.asText());
        }

        @Override
        public long number(String field) throws VectorFormatException {
            JsonNode v = field(field);
            if (!v.isIntegralNumber()) {
                throw new VectorFormatException(field + " is not an integer");
            }
            return v.asLong();
        }

        @Override
        public String text(String field) throws VectorFormatException {
            return field(field).asText();
        }

        @Override
        public VectorCase object(String field) throws VectorFormatException {
            return new JsonCase(field(field));
        }

        @Override
        public List<VectorCase> objects(String field) throws VectorFormatException {
            List<VectorCase> out = new ArrayList<>();
            for (JsonNode n : field(field)) {
                out.add(new JsonCase(n));
            }
            return out;
        }

        @Override
        public List<byte[]> bytesList(String field) throws VectorFormatException {
            List<byte[]> out = new ArrayList<>();
            for (JsonNode n : field(field)) {
                out.add(n.isNull() ? null : Hex.parse(n.asText()));
            }
            return out;
        }

        @Override
        public List<Long> numbers(String field) throws VectorFormatException {
            List<Long> out = new ArrayList<>();
            for (JsonNode n : field(field)) {
                out.add(n.isNull() ? null : n.asLong());
            }
            return out;
        }

        @Override
        public List<List<Long>> numberLists(String field) throws VectorFormatException {
            List<List<Long>> out = new ArrayList<>();
            for (JsonNode n : field(field)) {
                List<Long> inner = new ArrayList<>();
                for (JsonNode m : n) {
                    inner.add(m.isNull() ? null : m.asLong());
                }
                out.add(inner);
            }
            return out;
        }
    }
}
