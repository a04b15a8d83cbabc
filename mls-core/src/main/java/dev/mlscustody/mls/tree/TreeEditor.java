package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.crypto.CipherSuite;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * A mutable working copy of a {@link RatchetTree}, for applying the proposals (§12.1.1–12.1.3)
 * and the UpdatePath (§7.5) of one commit. Writes are copy-on-write against the source snapshot;
 * a changed node marks itself and its ancestors dirty, and tree hashes (§7.8) are recomputed lazily
 * for dirty nodes only. {@link #build()} freezes the result. Not thread-safe.
 */
public final class TreeEditor implements TreeView {
    private final CipherSuite suite;
    private int leafCount;
    private final NodeArray.Builder<Node> nodes;
    private final NodeArray.Builder<byte[]> hashes;
    private final BitSet dirty = new BitSet();

    TreeEditor(CipherSuite suite, int leafCount, NodeArray.Builder<Node> nodes, NodeArray.Builder<byte[]> hashes) {
        this.suite = suite;
        this.leafCount = leafCount;
        this.nodes = nodes;
        this.hashes = hashes;
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
        return hashOf(x).clone();
    }

    private byte[] hashOf(int x) {
        if (!dirty.get(x)) {
            return hashes.get(x);
        }
        byte[] h;
        if (TreeMath.isLeaf(x)) {
            h = TreeHashes.nodeHash(suite, x, nodes.get(x), null, null);
        } else {
            h = TreeHashes.nodeHash(suite, x, nodes.get(x), hashOf(TreeMath.left(x)), hashOf(TreeMath.right(x)));
        }
        hashes.set(x, h);
        dirty.clear(x);
        return h;
    }

    /** Sets node {@code x} (null = blank) and marks it and its ancestors for re-hashing. */
    private void put(int x, Node node) {
        nodes.set(x, node);
        int root = TreeMath.root(leafCount);
        dirty.set(x);
        while (x != root) {
            x = TreeMath.parent(x, leafCount);
            if (dirty.get(x)) {
                // ancestors of a dirty node are dirty already
                break;
            }
            dirty.set(x);
        }
    }

    /** Sets leaf {@code leafIndex} to {@code leaf} without touching its direct path. */
    public void setLeaf(int leafIndex, LeafNode leaf) {
        checkLeaf(leafIndex);
        put(TreeMath.leafToNode(leafIndex), leaf == null ? null : new Node.Leaf(leaf));
    }

    /** Sets parent node {@code x}; null blanks it. */
    public void setParent(int x, ParentNode parent) {
        if (TreeMath.isLeaf(x) || x >= nodeWidth()) {
            throw new IllegalArgumentException("node " + x + " is not a parent node of this tree");
        }
        put(x, parent == null ? null : new Node.Parent(parent));
    }

    /** Blanks every parent node on the direct path of {@code leafIndex}. */
    public void blankDirectPath(int leafIndex) {
        checkLeaf(leafIndex);
        int root = TreeMath.root(leafCount);
        int x = TreeMath.leafToNode(leafIndex);
        while (x != root) {
            x = TreeMath.parent(x, leafCount);
            if (nodes.get(x) != null) {
                put(x, null);
            }
        }
    }

    /**
     * Add (§12.1.1): the new member goes to the leftmost blank leaf, or the tree is extended to
     * the right (§7.7) and it takes the leftmost new leaf; its leaf index joins the unmerged leaves
     * of every non-blank parent on its direct path.
     *
     * @return the new member's leaf index
     */
    public int addLeaf(LeafNode leaf) {
        int index = leftmostBlankLeaf();
        if (index == leafCount) {
            extend();
        }
        int root = TreeMath.root(leafCount);
        int x = TreeMath.leafToNode(index);
        while (x != root) {
            x = TreeMath.parent(x, leafCount);
            Node n = nodes.get(x);
            if (n != null) {
                ParentNode p = ((Node.Parent) n).parentNode();
                List<Long> unmerged = new ArrayList<>(p.unmergedLeaves());
                int pos = 0;
                while (pos < unmerged.size() && unmerged.get(pos) < index) {
                    pos++;
                }
                unmerged.add(pos, (long) index);
                put(x, new Node.Parent(new ParentNode(p.encryptionKey(), p.parentHash(), unmerged)));
            }
        }
        put(TreeMath.leafToNode(index), new Node.Leaf(leaf));
        return index;
    }

    /** Update (§12.1.2): replaces the sender's leaf and blanks its direct path. */
    public void updateLeaf(int leafIndex, LeafNode leaf) {
        requireMember(leafIndex);
        setLeaf(leafIndex, leaf);
        blankDirectPath(leafIndex);
    }

    /**
     * Remove (§12.1.3): blanks the leaf and its direct path, then truncates the tree while its
     * right subtree holds no member.
     */
    public void removeLeaf(int leafIndex) {
        requireMember(leafIndex);
        setLeaf(leafIndex, null);
        blankDirectPath(leafIndex);
        truncate();
    }

    /** The leftmost blank leaf, or {@link #leafCount()} when every leaf is taken. */
    public int leftmostBlankLeaf() {
        for (int i = 0; i < leafCount; i++) {
            if (nodes.get(TreeMath.leafToNode(i)) == null) {
                return i;
            }
        }
        return leafCount;
    }

    /** §7.7: a new blank root whose left subtree is the current tree and right subtree is blank. */
    private void extend() {
        if (leafCount >= TreeMath.MAX_LEAVES) {
            throw new IllegalStateException("tree cannot grow beyond " + TreeMath.MAX_LEAVES + " leaves");
        }
        int oldWidth = nodeWidth();
        leafCount *= 2;
        int newWidth = nodeWidth();
        nodes.resize(newWidth);
        hashes.resize(newWidth);
        // node indices of the old tree are unchanged; the new root and right subtree need hashes
        dirty.set(oldWidth, newWidth);
    }

    /** §7.7: drops the right subtree and the root while no leaf of the right subtree is occupied. */
    private void truncate() {
        int rightmost = leafCount - 1;
        while (rightmost >= 0 && nodes.get(TreeMath.leafToNode(rightmost)) == null) {
            rightmost--;
        }
        int newCount = leafCount;
        while (newCount > 1 && rightmost < newCount / 2) {
            newCount /= 2;
        }
        if (newCount != leafCount) {
            leafCount = newCount;
            int width = nodeWidth();
            nodes.resize(width);
            hashes.resize(width);
            dirty.clear(width, Math.max(width, dirty.length()));
        }
    }

    private void requireMember(int leafIndex) {
        checkLeaf(leafIndex);
        if (nodes.get(TreeMath.leafToNode(leafIndex)) == null) {
            throw new IllegalArgumentException("leaf " + leafIndex + " is blank");
        }
    }

    private void checkLeaf(int leafIndex) {
        if (leafIndex < 0 || leafIndex >= leafCount) {
            throw new IllegalArgumentException("leaf " + leafIndex + " is outside a tree of " + leafCount + " leaves");
        }
    }

    /** Freezes the current state as a new snapshot (hashes brought up to date). */
    public RatchetTree build() {
        hashOf(TreeMath.root(leafCount));
        return new RatchetTree(suite, leafCount, nodes.build(), hashes.build());
    }
}
