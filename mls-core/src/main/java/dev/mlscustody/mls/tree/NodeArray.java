package dev.mlscustody.mls.tree;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * A persistent (copy-on-write) array in fixed-size chunks, used for the nodes of a ratchet tree
 * and their cached tree hashes. A {@link Builder} derived from a snapshot copies only the chunk
 * table and the chunks it writes to, so changing the O(log n) nodes of one direct path costs
 * O(n / 64 + 64 log n) reference copies instead of O(n), and the original snapshot never changes
 * (RFC 9420 trees are applied stage-then-merge).
 *
 * @param <T> element type; {@code null} elements are allowed (a blank node, a hash not yet known)
 */
final class NodeArray<T> {
    private static final int SHIFT = 6;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private final Object[][] chunks;
    private final int size;

    private NodeArray(Object[][] chunks, int size) {
        this.chunks = chunks;
        this.size = size;
    }

    static <T> NodeArray<T> ofSize(int size) {
        return new NodeArray<>(allocate(size), size);
    }

    static <T> NodeArray<T> fromFunction(int size, IntFunction<T> values) {
        Object[][] chunks = allocate(size);
        for (int i = 0; i < size; i++) {
            chunks[i >>> SHIFT][i & MASK] = values.apply(i);
        }
        return new NodeArray<>(chunks, size);
    }

    private static Object[][] allocate(int size) {
        int n = (size + CHUNK - 1) >>> SHIFT;
        Object[][] chunks = new Object[n][];
        for (int c = 0; c < n; c++) {
            chunks[c] = new Object[CHUNK];
        }
        return chunks;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    T get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return (T) chunks[i >>> SHIFT][i & MASK];
    }

    Builder<T> toBuilder() {
        return new Builder<>(this);
    }

    /** A mutable working copy; {@link #build()} freezes it. Not thread-safe. */
    static final class Builder<T> {
        private Object[][] chunks;
        private boolean[] owned;
        private int size;

        private Builder(NodeArray<T> base) {
            this.chunks = base.chunks.clone();
            this.owned = new boolean[chunks.length];
            this.size = base.size;
        }

        int size() {
            return size;
        }

        @SuppressWarnings("unchecked")
        T get(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(i);
            }
            return (T) chunks[i >>> SHIFT][i & MASK];
        }

        void set(int i, T value) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(i);
            }
            int c = i >>> SHIFT;
            if (!owned[c]) {
                chunks[c] = chunks[c].clone();
                owned[c] = true;
            }
            chunks[c][i & MASK] = value;
        }

        /** Grows or shrinks to {@code newSize}; new positions hold null, dropped ones are cleared. */
        void resize(int newSize) {
            int oldChunks = chunks.length;
            int newChunks = (newSize + CHUNK - 1) >>> SHIFT;
            if (newSize < size) {
                for (int i = newSize; i < Math.min(size, newChunks * CHUNK); i++) {
                    set(i, null);
                }
            }
            if (newChunks != oldChunks) {
                chunks = Arrays.copyOf(chunks, newChunks);
                owned = Arrays.copyOf(owned, newChunks);
                for (int c = oldChunks; c < newChunks; c++) {
                    chunks[c] = new Object[CHUNK];
                    owned[c] = true;
                }
            }
            size = newSize;
        }

        NodeArray<T> build() {
            NodeArray<T> out = new NodeArray<>(chunks, size);
            // the builder may go on being used: it must not write into chunks the snapshot now shares
            chunks = chunks.clone();
            owned = new boolean[chunks.length];
            return out;
        }
    }
}
