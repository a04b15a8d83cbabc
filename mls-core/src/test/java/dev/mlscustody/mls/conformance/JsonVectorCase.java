package dev.mlscustody.mls.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Test-only Jackson-backed {@link VectorCase}: one JSON object of an official MLS test-vector
 * file. Errors name the JSON path of the offending field (e.g. {@code [3].epochs[1].commit}).
 */
public final class JsonVectorCase implements VectorCase {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode node;
    private final String path;

    public JsonVectorCase(JsonNode node, String path) {
        this.node = Objects.requireNonNull(node, "node");
        this.path = Objects.requireNonNull(path, "path");
    }

    /** All cases of a vector file (a top-level JSON array of objects). */
    public static List<VectorCase> load(Path file) throws IOException, VectorFormatException {
        JsonNode root = MAPPER.readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new VectorFormatException(file + ": top level is not a JSON array");
        }
        List<VectorCase> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode element = root.get(i);
            if (!element.isObject()) {
                throw new VectorFormatException(file.getFileName() + "[" + i + "]: not a JSON object");
            }
            out.add(new JsonVectorCase(element, "[" + i + "]"));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The directory of the official vectors: env {@code MLS_TEST_VECTORS}, else the build's
     * {@code MLS_TEST_VECTORS_DEFAULT}, else {@code ../shared/mls-test-vectors} from the repository
     * root (found by walking up from the working directory to the folder holding {@code mls-core}).
     */
    public static Path vectorDirectory() {
        String env = System.getenv("MLS_TEST_VECTORS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String fromBuild = System.getenv("MLS_TEST_VECTORS_DEFAULT");
        if (fromBuild != null && !fromBuild.isBlank() && Files.isDirectory(Path.of(fromBuild))) {
            return Path.of(fromBuild);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("mls-core"))) {
            dir = dir.getParent();
        }
        Path repoRoot = dir != null ? dir : Path.of("").toAbsolutePath();
        return repoRoot.resolve("../shared/mls-test-vectors").normalize();
    }

    public JsonNode json() {
        return node;
    }

    public String path() {
        return path;
    }

    private String at(String field) {
        return path + "." + field;
    }

    private JsonNode field(String field) throws VectorFormatException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new VectorFormatException(at(field) + ": missing");
        }
        return v;
    }

    private byte[] hex(JsonNode v, String where) throws VectorFormatException {
        if (!v.isTextual()) {
            throw new VectorFormatException(where + ": not a hex string");
        }
        try {
            return Hex.parse(v.textValue());
        } catch (IllegalArgumentException e) {
            throw new VectorFormatException(where + ": not a hex string");
        }
    }

    private static long integer(JsonNode v, String where) throws VectorFormatException {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new VectorFormatException(where + ": not an integer");
        }
        return v.longValue();
    }

    private JsonNode array(String field) throws VectorFormatException {
        JsonNode v = field(field);
        if (!v.isArray()) {
            throw new VectorFormatException(at(field) + ": not an array");
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
        return hex(field(field), at(field));
    }

    @Override
    public long number(String field) throws VectorFormatException {
        return integer(field(field), at(field));
    }

    @Override
    public String text(String field) throws VectorFormatException {
        JsonNode v = field(field);
        if (!v.isTextual()) {
            throw new VectorFormatException(at(field) + ": not a string");
        }
        return v.textValue();
    }

    @Override
    public VectorCase object(String field) throws VectorFormatException {
        JsonNode v = field(field);
        if (!v.isObject()) {
            throw new VectorFormatException(at(field) + ": not an object");
        }
        return new JsonVectorCase(v, at(field));
    }

    @Override
    public List<VectorCase> objects(String field) throws VectorFormatException {
        JsonNode a = array(field);
        List<VectorCase> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonNode e = a.get(i);
            String where = at(field) + "[" + i + "]";
            if (!e.isObject()) {
                throw new VectorFormatException(where + ": not an object");
            }
            out.add(new JsonVectorCase(e, where));
        }
        return out;
    }

    @Override
    public List<byte[]> bytesList(String field) throws VectorFormatException {
        JsonNode a = array(field);
        List<byte[]> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonNode e = a.get(i);
            out.add(e.isNull() ? null : hex(e, at(field) + "[" + i + "]"));
        }
        return out;
    }

    @Override
    public List<Long> numbers(String field) throws VectorFormatException {
        JsonNode a = array(field);
        List<Long> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonNode e = a.get(i);
            out.add(e.isNull() ? null : integer(e, at(field) + "[" + i + "]"));
        }
        return out;
    }

    @Override
    public List<List<Long>> numberLists(String field) throws VectorFormatException {
        JsonNode a = array(field);
        List<List<Long>> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonNode inner = a.get(i);
            String where = at(field) + "[" + i + "]";
            if (!inner.isArray()) {
                throw new VectorFormatException(where + ": not an array");
            }
            List<Long> row = new ArrayList<>(inner.size());
            for (int j = 0; j < inner.size(); j++) {
                row.add(integer(inner.get(j), where + "[" + j + "]"));
            }
            out.add(row);
        }
        return out;
    }

    @Override
    public String toString() {
        return "JsonVectorCase" + path;
    }
}
