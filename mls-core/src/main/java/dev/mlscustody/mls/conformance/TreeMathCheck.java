package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.tree.TreeMath;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * tree-math.json: node width and root of a tree of {@code n_leaves} leaves, and for every node its
 * left and right child, parent and sibling (JSON null where undefined: leaves have no children,
 * the root has no parent or sibling). RFC 9420 Appendix C.
 */
public final class TreeMathCheck implements VectorCheck {
    @Override
    public Optional<String> check(VectorCase c) throws VectorFormatException {
        long nLeavesLong = c.number("n_leaves");
        if (nLeavesLong != (int) nLeavesLong || !TreeMath.isValidLeafCount((int) nLeavesLong)) {
            return Optional.of("n_leaves: not a supported leaf count " + nLeavesLong);
        }
        int n = (int) nLeavesLong;
        int width = TreeMath.nodeWidth(n);
        if (c.number("n_nodes") != width) {
            return Optional.of("n_nodes: expected " + c.number("n_nodes") + " got " + width);
        }
        if (c.number("root") != TreeMath.root(n)) {
            return Optional.of("root: expected " + c.number("root") + " got " + TreeMath.root(n));
        }
        int root = TreeMath.root(n);
        Optional<String> r = compareArray("left", c.numbers("left"), width,
                x -> TreeMath.isLeaf(x) ? null : TreeMath.left(x));
        if (r.isEmpty()) {
            r = compareArray("right", c.numbers("right"), width, x -> TreeMath.isLeaf(x) ? null : TreeMath.right(x));
        }
        if (r.isEmpty()) {
            r = compareArray("parent", c.numbers("parent"), width, x -> x == root ? null : TreeMath.parent(x, n));
        }
        if (r.isEmpty()) {
            r = compareArray("sibling", c.numbers("sibling"), width, x -> x == root ? null : TreeMath.sibling(x, n));
        }
        return r;
    }

    private static Optional<String> compareArray(String field, List<Long> expected, int width,
            IntFunction<Integer> compute) {
        List<Long> actual = new ArrayList<>(width);
        for (int x = 0; x < width; x++) {
            Integer v = compute.apply(x);
            actual.add(v == null ? null : v.longValue());
        }
        if (expected.size() != width) {
            return Optional.of(field + ": expected " + expected.size() + " entries, tree has " + width + " nodes");
        }
        for (int x = 0; x < width; x++) {
            if (!Objects.equals(expected.get(x), actual.get(x))) {
                return Optional.of(field + "[" + x + "]: expected " + expected.get(x) + " got " + actual.get(x));
            }
        }
        return Optional.empty();
    }
}
