package dev.mlscustody.mls.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * Array-based tree math of RFC 9420 §4.1.1 and Appendix C. Nodes are numbered in-order: leaf
 * {@code L} is node {@code 2L}, parent nodes have odd indices. RFC 9420 trees are always full, so
 * every method that takes a leaf count requires a power of two (1, 2, 4, ...) and checks that the
 * node index lies in the tree; violations are {@link IllegalArgumentException}s (programming
 * errors, never input errors: decoded indices are range-checked by the caller first).
 */
public final class TreeMath {
    /** Largest leaf count whose node width still fits a non-negative int. */
    public static final int MAX_LEAVES = 1 << 30;

    private TreeMath() {
    }

    /** The exponent of the largest power of 2 not greater than x (0 for x = 0). */
    static int log2(int x) {
        return x == 0 ? 0 : 31 - Integer.numberOfLeadingZeros(x);
    }

    /** The level of a node: 0 for leaves, the number of trailing one bits otherwise. */
    public static int level(int x) {
        checkNonNegative(x);
        return Integer.numberOfTrailingZeros(~x);
    }

    public static boolean isLeaf(int x) {
        checkNonNegative(x);
        return (x & 1) == 0;
    }

    /** The number of nodes of a tree with {@code nLeaves} leaves: 2(n - 1) + 1, or 0 for none. */
    public static int nodeWidth(int nLeaves) {
        if (nLeaves < 0 || nLeaves > MAX_LEAVES) {
            throw new IllegalArgumentException("leaf count out of range: " + nLeaves);
        }
        return nLeaves == 0 ? 0 : 2 * (nLeaves - 1) + 1;
    }

    /** The root node index of a tree with {@code nLeaves} leaves. */
    public static int root(int nLeaves) {
        checkLeafCount(nLeaves);
        return (1 << log2(nodeWidth(nLeaves))) - 1;
    }

    /** The left child of a parent node. */
    public static int left(int x) {
        int k = level(x);
        if (k == 0) {
            throw new IllegalArgumentException("leaf node " + x + " has no children");
        }
        return x ^ (1 << (k - 1));
    }

    /** The right child of a parent node. */
    public static int right(int x) {
        int k = level(x);
        if (k == 0) {
            throw new IllegalArgumentException("leaf node " + x + " has no children");
        }
        return x ^ (3 << (k - 1));
    }

    /** The parent of node {@code x} in a tree with {@code nLeaves} leaves; the root has none. */
    public static int parent(int x, int nLeaves) {
        checkNode(x, nLeaves);
        if (x == root(nLeaves)) {
            throw new IllegalArgumentException("root node " + x + " has no parent");
        }
        int k = level(x);
        int b = (x >> (k + 1)) & 1;
        return (x | (1 << k)) ^ (b << (k + 1));
    }

    /** The other child of {@code x}'s parent. */
    public static int sibling(int x, int nLeaves) {
        int p = parent(x, nLeaves);
        return x < p ? right(p) : left(p);
    }

    /** The direct path of {@code x}: its ancestors from its parent up to and including the root. */
    public static List<Integer> directPath(int x, int nLeaves) {
        checkNode(x, nLeaves);
        int r = root(nLeaves);
        List<Integer> d = new ArrayList<>();
        while (x != r) {
            x = parent(x, nLeaves);
            d.add(x);
        }
        return List.copyOf(d);
    }

    /** The copath of {@code x}: the siblings of {@code x} and of its direct path below the root. */
    public static List<Integer> copath(int x, int nLeaves) {
        checkNode(x, nLeaves);
        int r = root(nLeaves);
        List<Integer> c = new ArrayList<>();
        while (x != r) {
            c.add(sibling(x, nLeaves));
            x = parent(x, nLeaves);
        }
        return List.copyOf(c);
    }

    /** The lowest node that is in the direct paths (or is one) of both {@code x} and {@code y}. */
    public static int commonAncestor(int x, int y, int nLeaves) {
        checkNode(x, nLeaves);
        checkNode(y, nLeaves);
        int lx = level(x) + 1;
        int ly = level(y) + 1;
        if (lx <= ly && (x >>> ly) == (y >>> ly)) {
            return y;
        }
        if (ly <= lx && (x >>> lx) == (y >>> lx)) {
            return x;
        }
        int xn = x;
        int yn = y;
        int k = 0;
        while (xn != yn) {
            xn >>>= 1;
            yn >>>= 1;
            k++;
        }
        return (xn << k) + (1 << (k - 1)) - 1;
    }

    /** The node index of leaf {@code leafIndex}. */
    public static int leafToNode(int leafIndex) {
        if (leafIndex < 0 || leafIndex >= MAX_LEAVES) {
            throw new IllegalArgumentException("leaf index out of range: " + leafIndex);
        }
        return 2 * leafIndex;
    }

    /** The leaf index of leaf node {@code x}. */
    public static int nodeToLeaf(int x) {
        if (!isLeaf(x)) {
            throw new IllegalArgumentException("node " + x + " is not a leaf");
        }
        return x >>> 1;
    }

    /** True if {@code n} is a valid leaf count of an RFC 9420 tree: a power of two, at most MAX_LEAVES. */
    public static boolean isValidLeafCount(int n) {
        return n > 0 && n <= MAX_LEAVES && Integer.bitCount(n) == 1;
    }

    private static void checkLeafCount(int nLeaves) {
        if (!isValidLeafCount(nLeaves)) {
            throw new IllegalArgumentException("leaf count must be a power of two: " + nLeaves);
        }
    }

    private static void checkNode(int x, int nLeaves) {
        checkLeafCount(nLeaves);
        if (x < 0 || x >= nodeWidth(nLeaves)) {
            throw new IllegalArgumentException("node " + x + " is outside a tree of " + nLeaves + " leaves");
        }
    }

    private static void checkNonNegative(int x) {
        if (x < 0) {
            throw new IllegalArgumentException("negative node index " + x);
        }
    }
}
