package dev.mlscustody.mls.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.message.StructSamples;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 9420 Appendix C tree math beyond the tree-math.json fields. */
class TreeMathTest {

    @Test
    void eightLeafTreeOfTheRfcFigure() {
        assertEquals(15, TreeMath.nodeWidth(8));
        assertEquals(7, TreeMath.root(8));
        assertEquals(List.of(1, 3, 7), TreeMath.directPath(0, 8));
        assertEquals(List.of(2, 5, 11), TreeMath.copath(0, 8));
        assertEquals(List.of(13, 11, 7), TreeMath.directPath(14, 8));
        assertEquals(List.of(12, 9, 3), TreeMath.copath(14, 8));
        assertEquals(List.of(), TreeMath.directPath(7, 8));
        assertEquals(List.of(), TreeMath.copath(7, 8));
        assertEquals(3, TreeMath.level(7));
        assertEquals(0, TreeMath.level(6));
        assertEquals(1, TreeMath.left(3));
        assertEquals(5, TreeMath.right(3));
        assertEquals(11, TreeMath.right(7));
        assertEquals(0, TreeMath.root(1));
        assertEquals(List.of(), TreeMath.directPath(0, 1));
    }

    @Test
    void commonAncestorMatchesTheSemanticDefinition() {
        for (int n = 1; n <= 32; n <<= 1) {
            int width = TreeMath.nodeWidth(n);
            for (int x = 0; x < width; x++) {
                for (int y = 0; y < width; y++) {
                    assertEquals(semanticCommonAncestor(x, y, n), TreeMath.commonAncestor(x, y, n),
                            "x=" + x + " y=" + y + " n=" + n);
                }
            }
        }
    }

    private static int semanticCommonAncestor(int x, int y, int n) {
        Set<Integer> dx = new HashSet<>(TreeMath.directPath(x, n));
        dx.add(x);
        List<Integer> dy = new ArrayList<>(TreeMath.directPath(y, n));
        dy.add(0, y);
        for (int candidate : dy) {
            if (dx.contains(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no common ancestor");
    }

    @Test
    void copathNodesAreSiblingsOfThePathBelowTheRoot() {
        int n = 64;
        for (int x = 0; x < TreeMath.nodeWidth(n); x++) {
            List<Integer> path = TreeMath.directPath(x, n);
            List<Integer> copath = TreeMath.copath(x, n);
            assertEquals(path.size(), copath.size());
            for (int i = 0; i < copath.size(); i++) {
                assertEquals(path.get(i), TreeMath.parent(copath.get(i), n));
            }
        }
    }

    @Test
    void leafAndNodeIndices() {
        assertEquals(10, TreeMath.leafToNode(5));
        assertEquals(5, TreeMath.nodeToLeaf(10));
        assertTrue(TreeMath.isLeaf(10));
        assertFalse(TreeMath.isLeaf(11));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.nodeToLeaf(11));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.leafToNode(-1));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.leafToNode(TreeMath.MAX_LEAVES));
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(IllegalArgumentException.class, () -> TreeMath.root(3));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.root(0));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.parent(7, 8));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.sibling(7, 8));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.parent(15, 8));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.directPath(-1, 8));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.left(4));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.right(0));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.level(-3));
        assertThrows(IllegalArgumentException.class, () -> TreeMath.nodeWidth(-1));
    }

    @Test
    void largestTreeStaysInIntRange() {
        int n = TreeMath.MAX_LEAVES;
        assertEquals(Integer.MAX_VALUE, TreeMath.nodeWidth(n));
        assertEquals((1 << 30) - 1, TreeMath.root(n));
        assertEquals(30, TreeMath.directPath(0, n).size());
        int root = TreeMath.root(n);
        assertEquals((1 << 30) + (1 << 29) - 1, TreeMath.right(root));
        assertEquals(root, TreeMath.parent(TreeMath.right(root), n));
        int lastLeaf = Integer.MAX_VALUE - 1;
        List<Integer> path = TreeMath.directPath(lastLeaf, n);
        assertEquals(30, path.size());
        assertEquals(root, path.get(29));
        assertEquals(lastLeaf - 1, path.get(0));
    }

    @Test
    void ratchetTreeArraysExtendAndTrim() {
        Optional<Node> leaf = Optional.of(new Node.Leaf(StructSamples.leafNode(LeafNodeSource.UPDATE)));
        List<Optional<Node>> five = List.of(leaf, Optional.empty(), leaf, Optional.empty(), leaf);
        List<Optional<Node>> full = RatchetTreeCodec.extendToFullTree(five);
        assertEquals(7, full.size());
        assertEquals(five, RatchetTreeCodec.trimTrailingBlanks(full));
        assertEquals(1, RatchetTreeCodec.extendToFullTree(List.of(leaf)).size());
        assertEquals(3, RatchetTreeCodec.extendToFullTree(List.of(leaf, Optional.empty(), leaf)).size());
        assertThrows(IllegalArgumentException.class, () -> RatchetTreeCodec.extendToFullTree(List.of(leaf, leaf)));
    }
}
