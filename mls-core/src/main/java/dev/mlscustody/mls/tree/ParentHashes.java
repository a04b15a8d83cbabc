package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.CipherSuite;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parent hashes, RFC 9420 §7.9:
 * <pre>
 * struct {
 *     HPKEPublicKey encryption_key;
 *     opaque parent_hash&lt;V&gt;;
 *     opaque original_sibling_tree_hash&lt;V&gt;;
 * } ParentHashInput;
 * </pre>
 */
public final class ParentHashes {
    private ParentHashes() {
    }

    /** Hash of a ParentHashInput. */
    public static byte[] hash(CipherSuite suite, byte[] encryptionKey, byte[] parentHashAbove, byte[] originalSiblingTreeHash) {
        TlsWriter w = new TlsWriter(encryptionKey.length + parentHashAbove.length + originalSiblingTreeHash.length + 8);
        w.opaque(encryptionKey).opaque(parentHashAbove).opaque(originalSiblingTreeHash);
        return suite.hash(w.toByteArray());
    }

    /**
     * The parent hash of non-blank parent {@code p} with copath child {@code sibling} (§7.9):
     * its key, its own parent_hash field, and the original tree hash of the sibling, i.e. with
     * {@code p}'s unmerged leaves blanked.
     */
    public static byte[] parentHashOf(TreeView tree, int p, int sibling) {
        ParentNode node = tree.parentNode(p).orElseThrow(() -> new IllegalArgumentException("node " + p + " is blank"));
        byte[] original = TreeHashes.originalTreeHash(tree, sibling, TreeHashes.asLeafIndices(node.unmergedLeaves()));
        return hash(tree.cipherSuite(), node.encryptionKey(), node.parentHash(), original);
    }

    /** The parent_hash field of a leaf (source commit) or parent node; empty for other leaves. */
    static Optional<byte[]> parentHashField(TreeView tree, int x) {
        return tree.node(x).flatMap(n -> switch (n) {
            case Node.Leaf l -> l.leafNode().parentHash();
            case Node.Parent p -> Optional.of(p.parentNode().parentHash());
        });
    }

    /**
     * Checks that every non-blank parent node is parent-hash valid (§7.9.2, "top down"): exactly
     * one descendant D, in the resolution of one child C of P, carries the parent hash of P with
     * copath child S (the other child), and P's unmerged leaves under C are exactly the resolution
     * of C without D. Since D is itself a non-blank node that must be valid in turn, every parent
     * chains back to a leaf.
     *
     * @throws ValidationException INVALID_TREE naming the first node that is not valid
     */
    public static void verifyTree(TreeView tree) throws ValidationException {
        for (int p = 1; p < tree.nodeWidth(); p += 2) {
            if (tree.isBlank(p)) {
                continue;
            }
            int matches = validChildren(tree, p, TreeMath.left(p), TreeMath.right(p))
                    + validChildren(tree, p, TreeMath.right(p), TreeMath.left(p));
            if (matches != 1) {
                throw new ValidationException(ValidationException.Reason.INVALID_TREE,
                        "parent node " + p + " is not parent-hash valid (" + matches + " matching descendants)");
            }
        }
    }

    /** The number of nodes D in the resolution of child {@code c} for which {@code p} is parent-hash valid. */
    private static int validChildren(TreeView tree, int p, int c, int s) {
        List<Integer> resolution = tree.resolution(c);
        if (resolution.isEmpty()) {
            return 0;
        }
        ParentNode parent = tree.parentNode(p).orElseThrow();
        Set<Integer> unmergedUnderC = new HashSet<>();
        for (long leaf : parent.unmergedLeaves()) {
            int leafNode = TreeMath.leafToNode((int) leaf);
            if (Subtrees.contains(c, leafNode)) {
                unmergedUnderC.add(leafNode);
            }
        }
        byte[] expected = null;
        int count = 0;
        for (int d : resolution) {
            // resolution(C) \ {D} must equal P.unmerged_leaves ∩ subtree(C)
            if (resolution.size() - 1 != unmergedUnderC.size()) {
                break;
            }
            Set<Integer> rest = new HashSet<>(resolution);
            rest.remove(d);
            if (!rest.equals(unmergedUnderC)) {
                continue;
            }
            Optional<byte[]> field = parentHashField(tree, d);
            if (field.isEmpty()) {
                continue;
            }
            if (expected == null) {
                expected = parentHashOf(tree, p, s);
            }
            if (Arrays.equals(field.get(), expected)) {
                count++;
            }
        }
        return count;
    }
}
