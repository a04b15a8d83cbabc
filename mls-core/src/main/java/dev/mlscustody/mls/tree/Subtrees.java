package dev.mlscustody.mls.tree;

/** Subtree ranges in the array representation of RFC 9420 Appendix C. */
final class Subtrees {
    private Subtrees() {
    }

    /** The first node index in the subtree under {@code x}. */
    static int first(int x) {
        int k = TreeMath.level(x);
        return x - ((1 << k) - 1);
    }

    /** The last node index in the subtree under {@code x}. */
    static int last(int x) {
        int k = TreeMath.level(x);
        return x + ((1 << k) - 1);
    }

    /** True if node {@code y} is {@code x} or a descendant of {@code x}. */
    static boolean contains(int x, int y) {
        return y >= first(x) && y <= last(x);
    }
}
