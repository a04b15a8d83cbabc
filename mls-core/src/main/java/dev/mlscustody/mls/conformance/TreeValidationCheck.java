package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.tree.GroupRequirements;
import dev.mlscustody.mls.tree.RatchetTree;
import dev.mlscustody.mls.tree.TreeValidator;
import java.util.List;
import java.util.Optional;

/**
 * tree-validation.json (RFC 9420 §4.1.1, §7.8, §7.9, §12.4.3.1): the resolution and tree hash of
 * every node, then the whole-tree validation a joiner performs — parent hashes, leaf signatures
 * with the case's group_id, unmerged leaves, key uniqueness.
 */
public final class TreeValidationCheck implements VectorCheck {
    @Override
    public Optional<String> check(VectorCase c) throws Exception {
        CipherSuite suite = CipherSuite.of((int) c.number("cipher_suite"));
        RatchetTree tree = RatchetTree.decode(suite, c.bytes("tree"));
        List<List<Long>> resolutions = c.numberLists("resolutions");
        List<byte[]> treeHashes = c.bytesList("tree_hashes");
        if (resolutions.size() != tree.nodeWidth()) {
            return Optional.of("resolutions: expected " + resolutions.size() + " nodes, tree has " + tree.nodeWidth());
        }
        for (int x = 0; x < tree.nodeWidth(); x++) {
            List<Long> expected = resolutions.get(x);
            List<Long> actual = tree.resolution(x).stream().map(Integer::longValue).toList();
            if (!expected.equals(actual)) {
                return Optional.of("resolutions[" + x + "]: expected " + expected + " got " + actual);
            }
        }
        for (int x = 0; x < treeHashes.size(); x++) {
            Optional<String> diff = VectorCheck.compare("tree_hashes[" + x + "]", treeHashes.get(x), tree.treeHash(x));
            if (diff.isPresent()) {
                return diff;
            }
        }
        try {
            TreeValidator.validate(tree, c.bytes("group_id"), null, GroupRequirements.NONE);
        } catch (ValidationException e) {
            return Optional.of("tree: " + e.reason() + ": " + e.getMessage());
        }
        return Optional.empty();
    }
}
