package dev.mlscustody.mls.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.message.Remove;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RatchetTreeTest {
    private final CipherSuite suite = CipherSuite.of(1);

    RatchetTreeTest() throws Exception {
    }

    /** Every node's cached hash equals a from-scratch computation over the same nodes. */
    private static void assertHashesFresh(RatchetTree tree) throws ValidationException {
        RatchetTree fresh = RatchetTree.fromNodes(tree.cipherSuite(), tree.toWireNodes());
        assertEquals(fresh.leafCount(), tree.leafCount());
        for (int x = 0; x < tree.nodeWidth(); x++) {
            assertArrayEquals(fresh.treeHash(x), tree.treeHash(x), "tree hash of node " + x);
        }
    }

    @Test
    void addFillsLeftmostBlankThenExtends() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 3);
        assertEquals(4, g.tree.leafCount());
        assertEquals(List.of(0, 1, 2), g.tree.occupiedLeaves());
        TreeEditor e = g.tree.edit();
        e.removeLeaf(1);
        assertEquals(1, e.addLeaf(g.tree.leafNode(1).orElseThrow()), "leftmost blank leaf is reused");
        assertEquals(3, e.addLeaf(g.tree.leafNode(1).orElseThrow()));
        assertEquals(4, e.addLeaf(g.tree.leafNode(2).orElseThrow()), "no blank leaf left: the tree is extended");
        assertEquals(8, e.leafCount());
        assertHashesFresh(e.build());
    }

    @Test
    void removeTruncatesEmptyRightSubtreeAndEncodesWithoutTrailingBlanks() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 5);
        assertEquals(8, g.tree.leafCount());
        TreeEditor e = g.tree.edit();
        TreeProposals.applyRemove(e, new Remove(4));
        RatchetTree after = e.build();
        assertEquals(4, after.leafCount());
        assertEquals(7, after.toWireNodes().size());
        e = after.edit();
        TreeProposals.applyRemove(e, new Remove(3));
        after = e.build();
        assertEquals(4, after.leafCount(), "leaf 2 keeps the right subtree");
        assertEquals(5, after.toWireNodes().size(), "trailing blank leaf and parent dropped on the wire");
        assertTrue(after.toWireNodes().get(4).isPresent());
        assertHashesFresh(after);
    }

    @Test
    void removeOfBlankLeafIsRejectedAndChangesNothing() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 3);
        byte[] before = g.tree.encode();
        TreeEditor e = g.tree.edit();
        ValidationException ex = assertThrows(ValidationException.class, () -> TreeProposals.applyRemove(e, new Remove(3)));
        assertEquals(ValidationException.Reason.INVALID_PROPOSAL, ex.reason());
        assertArrayEquals(before, g.tree.encode());
    }

    @Test
    void addRecordsUnmergedLeavesInIncreasingOrder() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 4);
        TreeEditor removal = g.tree.edit();
        removal.removeLeaf(1);
        removal.removeLeaf(3);
        g.tree = removal.build();
        g.commit(0);
        assertTrue(g.tree.isBlank(1), "leaf 0's copath leaf 1 is blank: node 1 is not on its filtered direct path");
        TreeEditor e = g.tree.edit();
        LeafNode l1 = g.newMemberLeaf(10, g.custody.generateSignatureKey(suite.signatureScheme()),
                g.custody.generateHpkeKey(suite.kem()));
        LeafNode l2 = g.newMemberLeaf(11, g.custody.generateSignatureKey(suite.signatureScheme()),
                g.custody.generateHpkeKey(suite.kem()));
        assertEquals(1, e.addLeaf(l1));
        assertEquals(3, e.addLeaf(l2));
        RatchetTree after = e.build();
        // root (node 3) was set by leaf 0's commit and keeps its key; both new leaves are unmerged there
        assertEquals(List.of(1L, 3L), after.parentNode(3).orElseThrow().unmergedLeaves());
        assertEquals(List.of(3, 2, 6), after.resolution(3));
        assertHashesFresh(after);
    }

    @Test
    void resolutionAndFilteredDirectPathFollowRfcExample() throws Exception {
        // RFC 9420 §4.1.2 example: members A B _ _ E F G _, T set, X set, Y set, U, V, W root set
        TestGroup g = TestGroup.withMembers(suite, 7);
        TreeEditor e = g.tree.edit();
        e.removeLeaf(2);
        e.removeLeaf(3);
        RatchetTree t = e.build();
        assertEquals(8, t.leafCount());
        assertEquals(List.of(new TreeView.PathStep(1, 2), new TreeView.PathStep(7, 11)), t.filteredDirectPath(0));
        assertEquals(List.of(new TreeView.PathStep(9, 10), new TreeView.PathStep(11, 13), new TreeView.PathStep(7, 3)),
                t.filteredDirectPath(4));
        assertEquals(List.of(0, 2), t.resolution(1));
        assertEquals(List.of(0, 2, 8, 10, 12), t.resolution(7));
        assertEquals(List.of(), t.resolution(5));
    }

    @Test
    void randomEditsKeepIncrementalHashesEqualToFullRecomputation() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 6);
        g.commit(1);
        g.commit(4);
        Random random = new Random(42);
        RatchetTree tree = g.tree;
        List<LeafNode> spare = List.of(g.tree.leafNode(0).orElseThrow(), g.tree.leafNode(2).orElseThrow());
        for (int round = 0; round < 40; round++) {
            TreeEditor e = tree.edit();
            byte[] before = tree.encode();
            int op = random.nextInt(3);
            List<Integer> members = tree.occupiedLeaves();
            if (op == 0 || members.size() < 2) {
                e.addLeaf(spare.get(random.nextInt(spare.size())));
            } else if (op == 1) {
                e.removeLeaf(members.get(random.nextInt(members.size())));
            } else {
                int leaf = members.get(random.nextInt(members.size()));
                e.updateLeaf(leaf, spare.get(random.nextInt(spare.size())));
            }
            // a mid-edit hash query followed by more edits must not leave stale hashes behind
            e.treeHash(1);
            if (tree.leafCount() > 1 && !e.isBlank(0)) {
                e.blankDirectPath(0);
            }
            RatchetTree next = e.build();
            assertArrayEquals(before, tree.encode(), "the source snapshot never changes");
            assertHashesFresh(next);
            tree = next;
        }
    }

    @Test
    void wireFormRoundTripsAndRejectsMalformedTrees() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 3);
        g.commit(2);
        RatchetTree decoded = RatchetTree.decode(suite, g.tree.encode());
        assertArrayEquals(g.tree.treeHash(), decoded.treeHash());
        List<java.util.Optional<Node>> even = new java.util.ArrayList<>(g.tree.toWireNodes());
        even.add(Optional.empty());
        ValidationException ex = assertThrows(ValidationException.class, () -> RatchetTree.fromNodes(suite, even.subList(0, 4)));
        assertEquals(ValidationException.Reason.INVALID_TREE, ex.reason());
        assertNotEquals(0, g.tree.toWireNodes().size());
    }
}
