package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.CipherSuite;
import java.util.Set;

/**
 * The tree hash of RFC 9420 §7.8: the hash of a node's TreeHashInput.
 * <pre>
 * struct {
 *   NodeType node_type;
 *   select (TreeHashInput.node_type) {
 *     case leaf:   LeafNodeHashInput leaf_node;    // uint32 leaf_index; optional&lt;LeafNode&gt; leaf_node;
 *     case parent: ParentNodeHashInput parent_node; // optional&lt;ParentNode&gt; parent_node; opaque left_hash&lt;V&gt;; opaque right_hash&lt;V&gt;;
 *   };
 * } TreeHashInput;
 * </pre>
 * The cached, incremental form lives in {@link RatchetTree} and {@link TreeEditor}; this class only
 * computes single inputs and the "original" hash of §7.9 that blanks some unmerged leaves.
 */
public final class TreeHashes {
    private TreeHashes() {
    }

    /** Hash of a leaf's LeafNodeHashInput; {@code leaf} null for a blank leaf. */
    public static byte[] leafHash(CipherSuite suite, int leafIndex, LeafNode leaf) {
        TlsWriter w = new TlsWriter(leaf == null ? 8 : 512);
        w.u8(Node.LEAF).u32(leafIndex);
        if (leaf == null) {
            w.u8(0);
        } else {
            w.u8(1);
            leaf.encode(w);
        }
        return suite.hash(w.toByteArray());
    }

    /** Hash of a parent's ParentNodeHashInput; {@code parent} null for a blank parent. */
    public static byte[] parentHash(CipherSuite suite, ParentNode parent, byte[] leftHash, byte[] rightHash) {
        TlsWriter w = new TlsWriter(256);
        w.u8(Node.PARENT);
        if (parent == null) {
            w.u8(0);
        } else {
            w.u8(1);
            parent.encode(w);
        }
        w.opaque(leftHash).opaque(rightHash);
        return suite.hash(w.toByteArray());
    }

    /** The tree hash of node {@code x} from the cached hashes of its children (or the leaf itself). */
    static byte[] nodeHash(CipherSuite suite, int x, Node node, byte[] leftHash, byte[] rightHash) {
        if (TreeMath.isLeaf(x)) {
            return leafHash(suite, TreeMath.nodeToLeaf(x), node == null ? null : ((Node.Leaf) node).leafNode());
        }
        return parentHash(suite, node == null ? null : ((Node.Parent) node).parentNode(), leftHash, rightHash);
    }

    /**
     * The tree hash of the subtree under {@code x} in a copy of {@code tree} where each leaf of
     * {@code removedLeaves} is blank and removed from every unmerged_leaves list — the
     * "original_sibling_tree_hash" of RFC 9420 §7.9. Subtrees holding none of those leaves reuse
     * the cached hash, so the cost is O(|removedLeaves| log n) hash computations.
     */
    static byte[] originalTreeHash(TreeView tree, int x, Set<Integer> removedLeaves) {
        if (removedLeaves.isEmpty() || !subtreeContainsAny(x, removedLeaves)) {
            return tree.treeHash(x);
        }
        CipherSuite suite = tree.cipherSuite();
        if (TreeMath.isLeaf(x)) {
            return leafHash(suite, TreeMath.nodeToLeaf(x), null);
        }
        ParentNode parent = tree.parentNode(x).orElse(null);
        if (parent != null) {
            parent = new ParentNode(parent.encryptionKey(), parent.parentHash(),
                    parent.unmergedLeaves().stream().filter(l -> !removedLeaves.contains(l.intValue())).toList());
        }
        return parentHash(suite, parent, originalTreeHash(tree, TreeMath.left(x), removedLeaves),
                originalTreeHash(tree, TreeMath.right(x), removedLeaves));
    }

    /** Unmerged leaves (uint32 on the wire) as leaf indices; the tree checked their range on construction. */
    static Set<Integer> asLeafIndices(java.util.List<Long> unmerged) {
        Set<Integer> out = new java.util.HashSet<>();
        for (long l : unmerged) {
            out.add((int) l);
        }
        return out;
    }

    /** True if some leaf of {@code leaves} lies in the subtree under node {@code x}. */
    static boolean subtreeContainsAny(int x, Set<Integer> leaves) {
        for (int leaf : leaves) {
            if (Subtrees.contains(x, TreeMath.leafToNode(leaf))) {
                return true;
            }
        }
        return false;
    }
}
