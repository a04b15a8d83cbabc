package dev.mlscustody.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlscustody.mls.conformance.Hex;
import dev.mlscustody.mls.conformance.VectorCase;
import dev.mlscustody.mls.conformance.VectorFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link VectorCase} over a Jackson tree: one element of a test-vector file's top-level array. */
public final class JacksonVectorCase implements VectorCase {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode node;

    public JacksonVectorCase(JsonNode node) {
        this.node = node;
    }

    /** Reads a vector file: a JSON array of cases. */
    public static List<VectorCase> load(Path file) throws IOException, VectorFormatException {
        JsonNode root = MAPPER.readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new VectorFormatException(file.getFileName() + ": top level is not a JSON array");
        }
        List<VectorCase> cases = new ArrayList<>(root.size());
        root.forEach(n -> cases.add(new JacksonVectorCase(n)));
        return cases;
    }

    private JsonNode field(String name) throws VectorFormatException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new VectorFormatException("missing field " + name);
        }
        return v;
    }

    private static byte[] hex(JsonNode v, String name) throws VectorFormatException {
        if (!v.isTextual()) {
            throw new VectorFormatException(name + " is not a hex string");
        }
        try {
            return Hex.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new VectorFormatException(name + " is not valid hex");
        }
    }

    private static long integer(JsonNode v, String name) throws VectorFormatException {
        if (!v.isIntegralNumber()) {
            throw new VectorFormatException(name + " is not an integer");
        }
        return v.asLong();
    }

    private JsonNode array(String name) throws VectorFormatException {
        JsonNode v = field(name);
        if (!v.isArray()) {
            throw new VectorFormatException(name + " is not an array");
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
        return hex(field(field), field);
    }

    @Override
    public long number(String field) throws VectorFormatException {
        return integer(field(field), field);
    }

    @Override
    public String text(String field) throws VectorFormatException {
        JsonNode v = field(field);
        if (!v.isTextual()) {
            throw new VectorFormatException(field + " is not a string");
        }
        return v.asText();
    }

    @Override
    public VectorCase object(String field) throws VectorFormatException {
        JsonNode v = field(field);
        if (!v.isObject()) {
            throw new VectorFormatException(field + " is not an object");
        }
        return new JacksonVectorCase(v);
    }

    @Override
    public List<VectorCase> objects(String field) throws VectorFormatException {
        List<VectorCase> out = new ArrayList<>();
        for (JsonNode e : array(field)) {
            if (!e.isObject()) {
                throw new VectorFormatException(field + " has a non-object element");
            }
            out.add(new JacksonVectorCase(e));
        }
        return out;
    }

    @Override
    public List<byte[]> bytesList(String field) throws VectorFormatException {
        List<byte[]> out = new ArrayList<>();
        for (JsonNode e : array(field)) {
            out.add(e.isNull() ? null : hex(e, field));
        }
        return out;
    }

    @Override
    public List<Long> numbers(String field) throws VectorFormatException {
        List<Long> out = new ArrayList<>();
        for (JsonNode e : array(field)) {
            out.add(e.isNull() ? null : integer(e, field));
        }
        return out;
    }

    @Override
    public List<List<VectorCase>> objectLists(String field) throws VectorFormatException {
        List<List<VectorCase>> out = new ArrayList<>();
        for (JsonNode e : array(field)) {
            if (!e.isArray()) {
                throw new VectorFormatException(field + " has a non-array element");
            }
            List<VectorCase> inner = new ArrayList<>();
            for (JsonNode x : e) {
                if (!x.isObject()) {
                    throw new VectorFormatException(field + " has a non-object element");
                }
                inner.add(new JacksonVectorCase(x));
            }
            out.add(inner);
        }
        return out;
    }

    @Override
    public List<List<Long>> numberLists(String field) throws VectorFormatException {
        List<List<Long>> out = new ArrayList<>();
        for (JsonNode e : array(field)) {
            if (!e.isArray()) {
                throw new VectorFormatException(field + " has a non-array element");
            }
            List<Long> inner = new ArrayList<>();
            for (JsonNode x : e) {
                inner.add(integer(x, field));
            }
            out.add(inner);
        }
        return out;
    }
}
