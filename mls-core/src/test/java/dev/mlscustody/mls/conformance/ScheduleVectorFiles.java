package dev.mlscustody.mls.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Locates and loads official test-vector files for the schedule/secret-tree/framing checks.
 * Location: env MLS_TEST_VECTORS, else MLS_TEST_VECTORS_DEFAULT (set by surefire), else
 * ../shared/mls-test-vectors relative to the repository root. Tests are skipped (Assumptions)
 * when the folder is absent.
 */
public final class ScheduleVectorFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScheduleVectorFiles() {
    }

    public static Optional<Path> directory() {
        List<Path> candidates = new ArrayList<>();
        for (String env : new String[] {"MLS_TEST_VECTORS", "MLS_TEST_VECTORS_DEFAULT"}) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                candidates.add(Path.of(v));
            }
        }
        // ../shared/mls-test-vectors relative to the repository root (an ancestor of the working directory)
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            candidates.add(p.resolve("../shared/mls-test-vectors").normalize());
        }
        return candidates.stream().filter(Files::isDirectory).findFirst();
    }

    /** Loads {@code name} (e.g. "key-schedule.json") or skips the calling test. */
    public static List<VectorCase> loadOrSkip(String name) throws IOException {
        Optional<Path> dir = directory();
        Assumptions.assumeTrue(dir.isPresent(),
                "MLS test vectors not found: set MLS_TEST_VECTORS or put them in ../shared/mls-test-vectors");
        Path file = dir.get().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(file), "test vector file missing: " + file);
        JsonNode root = MAPPER.readTree(file.toFile());
        List<VectorCase> out = new ArrayList<>();
        root.forEach(n -> out.add(new Json(n)));
        return out;
    }

    /** Minimal JSON-backed {@link VectorCase}. */
    static final class Json implements VectorCase, SecretTreeCheck.NestedObjectLists {
        private final JsonNode node;

        Json(JsonNode node) {
            this.node = node;
        }

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
            return Hex.parse(field(field).asText());
        }

        @Override
        public long number(String field) throws VectorFormatException {
            return field(field).asLong();
        }

        @Override
        public String text(String field) throws VectorFormatException {
            return field(field).asText();
        }

        @Override
        public VectorCase object(String field) throws VectorFormatException {
            return new Json(field(field));
        }

        @Override
        public List<VectorCase> objects(String field) throws VectorFormatException {
            List<VectorCase> out = new ArrayList<>();
            field(field).forEach(n -> out.add(new Json(n)));
            return out;
        }

        @Override
        public List<List<VectorCase>> objectLists(String field) throws VectorFormatException {
            List<List<VectorCase>> out = new ArrayList<>();
            for (JsonNode inner : field(field)) {
                List<VectorCase> l = new ArrayList<>();
                inner.forEach(n -> l.add(new Json(n)));
                out.add(l);
            }
            return out;
        }

        @Override
        public List<byte[]> bytesList(String field) throws VectorFormatException {
            List<byte[]> out = new ArrayList<>();
            field(field).forEach(n -> out.add(n.isNull() ? null : Hex.parse(n.asText())));
            return out;
        }

        @Override
        public List<Long> numbers(String field) throws VectorFormatException {
            List<Long> out = new ArrayList<>();
            field(field).forEach(n -> out.add(n.isNull() ? null : n.asLong()));
            return out;
        }

        @Override
        public List<List<Long>> numberLists(String field) throws VectorFormatException {
            List<List<Long>> out = new ArrayList<>();
            for (JsonNode inner : field(field)) {
                List<Long> l = new ArrayList<>();
                inner.forEach(n -> l.add(n.asLong()));
                out.add(l);
            }
            return out;
        }
    }
}
