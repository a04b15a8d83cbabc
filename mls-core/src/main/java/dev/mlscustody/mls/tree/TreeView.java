package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.crypto.CipherSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Read access to a ratchet tree (RFC 9420 §4, §7): a frozen {@link RatchetTree} or a
 * {@link TreeEditor} in the middle of applying a commit. Node indices are array indices
 * (Appendix C); the tree always has a power-of-two number of leaves.
 */
public sealed interface TreeView permits RatchetTree, TreeEditor {

    CipherSuite cipherSuite();

    /** Number of leaves, a power of two. */
    int leafCount();

    /** Number of nodes, 2 * leafCount - 1. */
    default int nodeWidth() {
        return TreeMath.nodeWidth(leafCount());
    }

    /** The node at array index {@code x}, empty when blank. */
    Optional<Node> node(int x);

    /** The tree hash (§7.8) of the subtree under node {@code x}. */
    byte[] treeHash(int x);

    /** The tree hash of the root: the {@code tree_hash} of the GroupContext. */
    default byte[] treeHash() {
        return treeHash(TreeMath.root(leafCount()));
    }

    default boolean isBlank(int x) {
        return node(x).isEmpty();
    }

    default Optional<LeafNode> leafNode(int leafIndex) {
        if (leafIndex < 0 || leafIndex >= leafCount()) {
            return Optional.empty();
        }
        return node(TreeMath.leafToNode(leafIndex)).map(n -> ((Node.Leaf) n).leafNode());
    }

    default Optional<ParentNode> parentNode(int x) {
        return node(x).map(n -> ((Node.Parent) n).parentNode());
    }

    /** The public key of a non-blank node (leaf or parent). */
    default byte[] encryptionKey(int x) {
        return switch (node(x).orElseThrow(() -> new IllegalArgumentException("node " + x + " is blank"))) {
            case Node.Leaf l -> l.leafNode().encryptionKey();
            case Node.Parent p -> p.parentNode().encryptionKey();
        };
    }

    /**
     * The resolution of node {@code x} (§4.1.1): a non-blank node followed by its unmerged leaves
     * (as node indices), nothing for a blank leaf, the resolutions of both children for a blank
     * parent.
     */
    default List<Integer> resolution(int x) {
        return resolution(x, Set.of());
    }

    /**
     * The resolution of node {@code x} without the leaves in {@code excludedLeaves} (leaf
     * indices): the new members of a commit are excluded from UpdatePath encryption (§7.6).
     */
    default List<Integer> resolution(int x, Set<Integer> excludedLeaves) {
        List<Integer> out = new ArrayList<>();
        collectResolution(x, excludedLeaves, out);
        return out;
    }

    private void collectResolution(int x, Set<Integer> excludedLeaves, List<Integer> out) {
        Optional<Node> n = node(x);
        if (n.isPresent()) {
            switch (n.get()) {
                case Node.Leaf l -> {
                    if (!excludedLeaves.contains(TreeMath.nodeToLeaf(x))) {
                        out.add(x);
                    }
                }
                case Node.Parent p -> {
                    out.add(x);
                    for (long leaf : p.parentNode().unmergedLeaves()) {
                        if (!excludedLeaves.contains((int) leaf)) {
                            out.add(TreeMath.leafToNode((int) leaf));
                        }
                    }
                }
            }
        } else if (!TreeMath.isLeaf(x)) {
            collectResolution(TreeMath.left(x), excludedLeaves, out);
            collectResolution(TreeMath.right(x), excludedLeaves, out);
        }
    }

    /** True if the resolution of {@code x} is empty: every leaf under it is blank. */
    default boolean hasEmptyResolution(int x) {
        if (node(x).isPresent()) {
            return false;
        }
        return TreeMath.isLeaf(x) || (hasEmptyResolution(TreeMath.left(x)) && hasEmptyResolution(TreeMath.right(x)));
    }

    /**
     * The filtered direct path of a leaf (§4.1.2) with each node's copath child: the direct path
     * without the nodes whose copath child has an empty resolution, from the leaf's parent upwards.
     */
    default List<PathStep> filteredDirectPath(int leafIndex) {
        int n = leafCount();
        int x = TreeMath.leafToNode(leafIndex);
        int root = TreeMath.root(n);
        List<PathStep> out = new ArrayList<>();
        while (x != root) {
            int parent = TreeMath.parent(x, n);
            int sibling = TreeMath.sibling(x, n);
            if (!hasEmptyResolution(sibling)) {
                out.add(new PathStep(parent, sibling));
            }
            x = parent;
        }
        return out;
    }

    /** The leaf indices of all non-blank leaves. */
    default List<Integer> occupiedLeaves() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < leafCount(); i++) {
            if (!isBlank(TreeMath.leafToNode(i))) {
                out.add(i);
            }
        }
        return out;
    }

    /** One node of a filtered direct path and its child on the copath. */
    record PathStep(int node, int copathChild) {
    }
}
