package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.message.CredentialType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Validation of a whole ratchet tree received on join, RFC 9420 §12.4.3.1 ("Verify the integrity
 * of the ratchet tree"): tree hash, parent-hash validity of every parent (§7.9.2), every leaf
 * (§7.3, signatures verified in parallel), unmerged-leaf consistency and key uniqueness.
 */
public final class TreeValidator {
    /** Below this many members signatures are verified on the calling thread. */
    private static final int PARALLEL_THRESHOLD = 32;

    private TreeValidator() {
    }

    /**
     * Validates {@code tree} for group {@code groupId}.
     *
     * @param expectedTreeHash the GroupInfo's tree_hash, or null to skip that comparison
     * @throws ValidationException INVALID_TREE, INVALID_LEAF_NODE or BAD_SIGNATURE; the first
     *                             broken rule is reported
     */
    public static void validate(RatchetTree tree, byte[] groupId, byte[] expectedTreeHash, GroupRequirements requirements)
            throws ValidationException {
        if (expectedTreeHash != null && !java.util.Arrays.equals(expectedTreeHash, tree.treeHash())) {
            throw new ValidationException(Reason.INVALID_TREE, "tree hash does not match the GroupInfo");
        }
        List<Integer> members = tree.occupiedLeaves();
        if (members.isEmpty()) {
            throw new ValidationException(Reason.INVALID_TREE, "tree has no members");
        }
        checkUnmergedLeaves(tree);
        checkUniqueKeys(tree, members);
        checkCredentialSupport(tree, members);
        for (int leaf : members) {
            LeafNodeValidator.validateSelf(tree.leafNode(leaf).orElseThrow(), requirements);
        }
        verifyLeafSignatures(tree, groupId, members);
        ParentHashes.verifyTree(tree);
    }

    /**
     * §12.4.3.1: each unmerged leaf of a parent is a non-blank descendant leaf, listed as unmerged
     * at every non-blank node between it and the parent; lists are strictly increasing (§7.1).
     */
    static void checkUnmergedLeaves(TreeView tree) throws ValidationException {
        int n = tree.leafCount();
        for (int p = 1; p < tree.nodeWidth(); p += 2) {
            Optional<ParentNode> parent = tree.parentNode(p);
            if (parent.isEmpty()) {
                continue;
            }
            if (!parent.get().unmergedLeavesSorted()) {
                throw new ValidationException(Reason.INVALID_TREE, "unmerged leaves of node " + p + " not in increasing order");
            }
            for (long unmerged : parent.get().unmergedLeaves()) {
                if (unmerged >= n || !Subtrees.contains(p, TreeMath.leafToNode((int) unmerged))) {
                    throw new ValidationException(Reason.INVALID_TREE, "unmerged leaf " + unmerged + " of node " + p + " is not under it");
                }
                int leaf = (int) unmerged;
                if (tree.isBlank(TreeMath.leafToNode(leaf))) {
                    throw new ValidationException(Reason.INVALID_TREE, "unmerged leaf " + leaf + " of node " + p + " is blank");
                }
                for (int x = TreeMath.parent(TreeMath.leafToNode(leaf), n); x != p; x = TreeMath.parent(x, n)) {
                    Optional<ParentNode> between = tree.parentNode(x);
                    if (between.isPresent() && !between.get().unmergedLeaves().contains((long) leaf)) {
                        throw new ValidationException(Reason.INVALID_TREE,
                                "unmerged leaf " + leaf + " of node " + p + " missing at node " + x);
                    }
                }
            }
        }
    }

    /** §7.3 / §12.4.3.1: encryption keys unique over all nodes, signature keys over all leaves. */
    static void checkUniqueKeys(TreeView tree, List<Integer> members) throws ValidationException {
        Map<ByteBuffer, Integer> encryptionKeys = new HashMap<>();
        for (int x = 0; x < tree.nodeWidth(); x++) {
            if (tree.isBlank(x)) {
                continue;
            }
            Integer previous = encryptionKeys.putIfAbsent(ByteBuffer.wrap(tree.encryptionKey(x)), x);
            if (previous != null) {
                throw new ValidationException(TreeMath.isLeaf(x) && TreeMath.isLeaf(previous) ? Reason.INVALID_LEAF_NODE : Reason.INVALID_TREE,
                        "encryption key of node " + x + " duplicates node " + previous);
            }
        }
        Set<ByteBuffer> signatureKeys = new HashSet<>();
        for (int leaf : members) {
            if (!signatureKeys.add(ByteBuffer.wrap(tree.leafNode(leaf).orElseThrow().signatureKey()))) {
                throw new ValidationException(Reason.INVALID_LEAF_NODE, "signature key of leaf " + leaf + " is used by another leaf");
            }
        }
    }

    /** §7.3: every credential type in use is supported by every member. */
    static void checkCredentialSupport(TreeView tree, List<Integer> members) throws ValidationException {
        Set<CredentialType> inUse = new HashSet<>();
        for (int leaf : members) {
            inUse.add(tree.leafNode(leaf).orElseThrow().credential().type());
        }
        for (int leaf : members) {
            Capabilities caps = tree.leafNode(leaf).orElseThrow().capabilities();
            for (CredentialType type : inUse) {
                if (!caps.supportsCredential(type)) {
                    throw new ValidationException(Reason.INVALID_LEAF_NODE,
                            "leaf " + leaf + " does not support credential type " + type + " used in the group");
                }
            }
        }
    }

    /** Verifies every leaf's signature (§7.2); in parallel for larger groups. */
    static void verifyLeafSignatures(TreeView tree, byte[] groupId, List<Integer> members) throws ValidationException {
        CipherSuite suite = tree.cipherSuite();
        List<LeafNode> leaves = new ArrayList<>(members.size());
        for (int leaf : members) {
            leaves.add(tree.leafNode(leaf).orElseThrow());
        }
        IntStream indices = IntStream.range(0, members.size());
        if (members.size() >= PARALLEL_THRESHOLD) {
            indices = indices.parallel();
        }
        int firstBad = indices.filter(i -> !signatureValid(suite, leaves.get(i), groupId, members.get(i)))
                .min().orElse(-1);
        if (firstBad >= 0) {
            throw new ValidationException(Reason.BAD_SIGNATURE, "LeafNode signature invalid (leaf " + members.get(firstBad) + ")");
        }
    }

    private static boolean signatureValid(CipherSuite suite, LeafNode leaf, byte[] groupId, int leafIndex) {
        try {
            LeafNodeValidator.verifySignature(suite, leaf, groupId, leafIndex);
            return true;
        } catch (ValidationException e) {
            return false;
        }
    }
}
