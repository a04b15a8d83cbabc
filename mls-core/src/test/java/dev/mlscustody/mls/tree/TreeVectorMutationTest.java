package dev.mlscustody.mls.tree;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.conformance.JsonVectorCase;
import dev.mlscustody.mls.conformance.VectorCase;
import dev.mlscustody.mls.conformance.VectorChecks;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The tree checks fail, naming the field, when an expected value in a vector is changed. */
class TreeVectorMutationTest {

    private static String flipLastHexDigit(String hex) {
        char c = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (c == '0' ? '1' : '0');
    }

    private static String failure(String type, int index, Consumer<ObjectNode> mutation) throws Exception {
        JsonVectorCase original = (JsonVectorCase) TreeVectorsTest.load(type).get(index);
        ObjectNode copy = original.json().deepCopy();
        mutation.accept(copy);
        VectorCase mutated = new JsonVectorCase(copy, "mutated");
        Optional<String> result = VectorChecks.forType(type).orElseThrow().check(mutated);
        assertTrue(result.isPresent(), type + ": mutated case must fail");
        return result.get();
    }

    @Test
    void treeOperationsNamesTreeAfter() throws Exception {
        String msg = failure("tree-operations", 0, c -> c.put("tree_after", flipLastHexDigit(c.get("tree_after").asText())));
        assertTrue(msg.startsWith("tree_after"), msg);
        msg = failure("tree-operations", 3, c -> c.put("tree_hash_after", flipLastHexDigit(c.get("tree_hash_after").asText())));
        assertTrue(msg.startsWith("tree_hash_after"), msg);
    }

    @Test
    void treeValidationNamesHashesResolutionsAndSignatures() throws Exception {
        String msg = failure("tree-validation", 5, c -> {
            ArrayNode hashes = (ArrayNode) c.get("tree_hashes");
            hashes.set(2, flipLastHexDigit(hashes.get(2).asText()));
        });
        assertTrue(msg.startsWith("tree_hashes[2]"), msg);
        msg = failure("tree-validation", 5, c -> ((ArrayNode) c.get("resolutions").get(0)).add(99));
        assertTrue(msg.startsWith("resolutions[0]"), msg);
        msg = failure("tree-validation", 20, c -> c.put("group_id", HexFormat.of().formatHex("another group".getBytes())));
        assertTrue(msg.contains("BAD_SIGNATURE"), msg);
    }

    @Test
    void treeKemNamesSecretsAndHash() throws Exception {
        String msg = failure("treekem", 0, c -> {
            ObjectNode up = (ObjectNode) c.get("update_paths").get(0);
            up.put("commit_secret", flipLastHexDigit(up.get("commit_secret").asText()));
        });
        assertTrue(msg.contains("commit_secret"), msg);
        msg = failure("treekem", 30, c -> {
            ObjectNode up = (ObjectNode) c.get("update_paths").get(0);
            up.put("tree_hash_after", flipLastHexDigit(up.get("tree_hash_after").asText()));
        });
        assertTrue(msg.contains("tree_hash_after"), msg);
    }
}
