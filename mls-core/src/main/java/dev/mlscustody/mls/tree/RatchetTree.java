package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.crypto.CipherSuite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of the public ratchet tree of RFC 9420 §4 and §7: nodes in array form
 * (Appendix C), a power-of-two number of leaves, and the tree hash (§7.8) of every node cached.
 *
 * <p>Changing the tree goes through {@link #edit()}: the {@link TreeEditor} shares this snapshot's
 * storage, copies only what it writes, recomputes only the hashes of changed nodes and their
 * ancestors (O(log n) per changed leaf), and {@link TreeEditor#build()} yields a new snapshot.
 * A rejected commit simply drops its editor: this snapshot never changes (stage, then merge).
 */
public final class RatchetTree implements TreeView {
    private final CipherSuite suite;
    private final int leafCount;
    private final NodeArray<Node> nodes;
    private final NodeArray<byte[]> hashes;

    RatchetTree(CipherSuite suite, int leafCount, NodeArray<Node> nodes, NodeArray<byte[]> hashes) {
        this.suite = suite;
        this.leafCount = leafCount;
        this.nodes = nodes;
        this.hashes = hashes;
    }

    /** A one-member tree, as created with a new group (§11). */
    public static RatchetTree withCreator(CipherSuite suite, LeafNode creator) {
        try {
            return fromNodes(suite, List.of(Optional.of(new Node.Leaf(creator))));
        } catch (ValidationException e) {
            throw new IllegalStateException("a one-leaf tree is always well-formed", e);
        }
    }

    /**
     * A tree from its wire form (§12.4.3.3: trailing blanks omitted), extended with blanks to a
     * full tree. Checks only the structure (leaves at even, parents at odd positions); semantic
     * validation is {@link TreeValidator}'s job.
     */
    public static RatchetTree fromNodes(CipherSuite suite, List<Optional<Node>> wireNodes) throws ValidationException {
        Objects.requireNonNull(suite, "suite");
        if (wireNodes.isEmpty() || wireNodes.size() % 2 == 0) {
            throw new ValidationException(Reason.INVALID_TREE, "a ratchet tree has an odd number of nodes, not " + wireNodes.size());
        }
        List<Optional<Node>> full = RatchetTreeCodec.extendToFullTree(wireNodes);
        int width = full.size();
        int leaves = (width + 1) / 2;
        for (int i = 0; i < width; i++) {
            Optional<Node> n = full.get(i);
            if (n.isPresent() && (n.get() instanceof Node.Leaf) != TreeMath.isLeaf(i)) {
                throw new ValidationException(Reason.INVALID_TREE, "node " + i + " has the wrong node type for its position");
            }
            if (n.isPresent() && n.get() instanceof Node.Parent p) {
                for (long leaf : p.parentNode().unmergedLeaves()) {
                    // resolution and hashing rely on this; TreeValidator checks the rest of §12.4.3.1
                    if (leaf >= leaves || !Subtrees.contains(i, TreeMath.leafToNode((int) leaf))) {
                        throw new ValidationException(Reason.INVALID_TREE, "unmerged leaf " + leaf + " of node " + i + " is not under it");
                    }
                }
            }
        }
        NodeArray<Node> nodes = NodeArray.fromFunction(width, i -> full.get(i).orElse(null));
        NodeArray<byte[]> hashes = NodeArray.ofSize(width);
        NodeArray.Builder<byte[]> hb = hashes.toBuilder();
        computeAllHashes(suite, nodes, hb, TreeMath.root(leaves));
        return new RatchetTree(suite, leaves, nodes, hb.build());
    }

    /** Decodes {@code optional<Node> ratchet_tree<V>} (e.g. from the ratchet_tree extension). */
    public static RatchetTree decode(CipherSuite suite, byte[] encoded) throws DecodeException, ValidationException {
        return fromNodes(suite, RatchetTreeCodec.decode(encoded));
    }

    private static byte[] computeAllHashes(CipherSuite suite, NodeArray<Node> nodes, NodeArray.Builder<byte[]> out, int x) {
        byte[] h;
        if (TreeMath.isLeaf(x)) {
            h = TreeHashes.nodeHash(suite, x, nodes.get(x), null, null);
        } else {
            byte[] l = computeAllHashes(suite, nodes, out, TreeMath.left(x));
            byte[] r = computeAllHashes(suite, nodes, out, TreeMath.right(x));
            h = TreeHashes.nodeHash(suite, x, nodes.get(x), l, r);
        }
        out.set(x, h);
        return h;
    }

    @Override
    public CipherSuite cipherSuite() {
        return suite;
    }

    @Override
    public int leafCount() {
        return leafCount;
    }

    @Override
    public Optional<Node> node(int x) {
        return Optional.ofNullable(nodes.get(x));
    }

    @Override
    public byte[] treeHash(int x) {
        return hashes.get(x).clone();
    }

    /** The nodes in wire form: trailing blank nodes dropped (§12.4.3.3). */
    public List<Optional<Node>> toWireNodes() {
        int end = nodes.size();
        while (end > 0 && nodes.get(end - 1) == null) {
            end--;
        }
        List<Optional<Node>> out = new ArrayList<>(end);
        for (int i = 0; i < end; i++) {
            out.add(Optional.ofNullable(nodes.get(i)));
        }
        return out;
    }

    /** {@code optional<Node> ratchet_tree<V>} with trailing blanks dropped. */
    public byte[] encode() {
        return RatchetTreeCodec.encode(toWireNodes());
    }

    /** A working copy for applying proposals and UpdatePaths; this snapshot is unaffected. */
    public TreeEditor edit() {
        return new TreeEditor(suite, leafCount, nodes.toBuilder(), hashes.toBuilder());
    }

    /** The index of the leaf whose LeafNode equals {@code leaf} byte for byte (§12.4.3.1 my_leaf). */
    public Optional<Integer> findLeaf(LeafNode leaf) {
        byte[] target = leaf.toBytes();
        for (int i = 0; i < leafCount; i++) {
            Optional<LeafNode> l = leafNode(i);
            if (l.isPresent() && Arrays.equals(l.get().toBytes(), target)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "RatchetTree[" + leafCount + " leaves, " + occupiedLeaves().size() + " members]";
    }
}
