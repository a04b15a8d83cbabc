package dev.mlscustody.mls.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads official vector files for the schedule and framing checks through {@link JsonVectorCase}
 * (location: {@link JsonVectorCase#vectorDirectory()}); skips the calling test with a clear
 * message when the vectors are absent. Cases also implement
 * {@link SecretTreeCheck.NestedObjectLists}, which secret-tree's {@code leaves} (an array of
 * arrays of objects) needs and {@link VectorCase} does not offer.
 */
public final class ScheduleVectorFiles {
    private ScheduleVectorFiles() {
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
        List<VectorCase> out = new ArrayList<>();
        for (VectorCase c : JsonVectorCase.load(fileOrSkip(name))) {
            out.add(wrap((JsonVectorCase) c));
        }
        return out;
    }

    static VectorCase wrap(JsonVectorCase c) {
        return new Nested(c);
    }

    /** A JsonVectorCase that can also read arrays of arrays of objects. */
    private record Nested(JsonVectorCase json) implements VectorCase, SecretTreeCheck.NestedObjectLists {
        @Override
        public List<List<VectorCase>> objectLists(String field) throws VectorFormatException {
            JsonNode outer = json.json().get(field);
            if (outer == null || !outer.isArray()) {
                throw new VectorFormatException(json.path() + "." + field + ": not an array");
            }
            List<List<VectorCase>> out = new ArrayList<>();
            for (int i = 0; i < outer.size(); i++) {
                JsonNode inner = outer.get(i);
                if (!inner.isArray()) {
                    throw new VectorFormatException(json.path() + "." + field + "[" + i + "]: not an array");
                }
                List<VectorCase> row = new ArrayList<>();
                for (int j = 0; j < inner.size(); j++) {
                    row.add(new JsonVectorCase(inner.get(j), json.path() + "." + field + "[" + i + "][" + j + "]"));
                }
                out.add(row);
            }
            return out;
        }

        @Override
        public boolean has(String field) {
            return json.has(field);
        }

        @Override
        public byte[] bytes(String field) throws VectorFormatException {
            return json.bytes(field);
        }

        @Override
        public long number(String field) throws VectorFormatException {
            return json.number(field);
        }

        @Override
        public String text(String field) throws VectorFormatException {
            return json.text(field);
        }

        @Override
        public VectorCase object(String field) throws VectorFormatException {
            return json.object(field);
        }

        @Override
        public List<VectorCase> objects(String field) throws VectorFormatException {
            return json.objects(field);
        }

        @Override
        public List<byte[]> bytesList(String field) throws VectorFormatException {
            return json.bytesList(field);
        }

        @Override
        public List<Long> numbers(String field) throws VectorFormatException {
            return json.numbers(field);
        }

        @Override
        public List<List<Long>> numberLists(String field) throws VectorFormatException {
            return json.numberLists(field);
        }
    }
}
