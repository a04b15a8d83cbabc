package dev.mlscustody.mls.crypto;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A bounded, thread-safe cache of decoded-and-validated public keys, keyed by the exact encoded
 * bytes, so that verifying many signatures from the same few keys decodes and validates each key
 * once. Only keys the decoder accepts are cached: an invalid key is decoded (and rejected) again on
 * every call. Values must be immutable or safe to share between threads.
 *
 * <p>Hits are a {@link ConcurrentHashMap} lookup plus, for the first hit since the last eviction
 * sweep, one write of a "recently used" flag. When an insert takes the cache over its capacity, one
 * thread evicts with the CLOCK (second-chance) policy, an approximation of LRU: entries used since
 * the previous sweep lose their flag and stay; the others go. Keys are copied on insert, so a caller
 * that later mutates its array cannot corrupt the cache.
 */
final class PublicKeyCache<V> {
    private final int capacity;
    private final Function<byte[], V> decoder;
    private final ConcurrentHashMap<Key, Entry<V>> map;
    private final ReentrantLock evictionLock = new ReentrantLock();
    /** Where the last sweep stopped; only used under {@link #evictionLock}. */
    private Iterator<Map.Entry<Key, Entry<V>>> hand;

    /**
     * @param decoder decodes and fully validates a key, returning null (never throwing) if it is
     *     invalid; must be a pure function of the bytes
     */
    PublicKeyCache(int capacity, Function<byte[], V> decoder) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.decoder = decoder;
        this.map = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1);
    }

    /** The decoded key, from the cache or freshly decoded (and then cached); null if invalid. */
    V get(byte[] publicKey) {
        if (publicKey == null) {
            return null;
        }
        Entry<V> e = map.get(new Key(publicKey));
        if (e != null) {
            if (!e.used) {
                e.used = true;
            }
            return e.value;
        }
        V value = decoder.apply(publicKey);
        if (value != null) {
            // Racing misses for one key may both decode; both values are equivalent, either may stay.
            map.putIfAbsent(new Key(publicKey.clone()), new Entry<>(value));
            if (map.size() > capacity) {
                evict();
            }
        }
        return value;
    }

    int size() {
        return map.size();
    }

    int capacity() {
        return capacity;
    }

    void clear() {
        map.clear();
    }

    /** Brings the size back to the capacity; skipped if another thread is already evicting. */
    private void evict() {
        if (!evictionLock.tryLock()) {
            return;
        }
        try {
            // CLOCK: an entry whose flag is set loses it and is passed over. If the second chances run
            // out while the cache is still over capacity (other threads keep using every entry),
            // entries go regardless of their flag, so the bound always holds after a sweep.
            long secondChances = 2L * map.size() + 16;
            while (map.size() > capacity) {
                if (hand == null || !hand.hasNext()) {
                    hand = map.entrySet().iterator();
                    if (!hand.hasNext()) {
                        break;
                    }
                }
                Map.Entry<Key, Entry<V>> candidate = hand.next();
                Entry<V> e = candidate.getValue();
                if (e.used && secondChances-- > 0) {
                    e.used = false;
                } else {
                    map.remove(candidate.getKey(), e);
                }
            }
        } finally {
            evictionLock.unlock();
        }
    }

    private static final class Entry<V> {
        final V value;
        /** Racy by design: a lost update only affects which entry is evicted, never correctness. */
        volatile boolean used;

        Entry(V value) {
            this.value = value;
        }
    }

    /**
     * Exact-bytes key. Comparable, so that crafted hash collisions degrade a {@link
     * ConcurrentHashMap} bin to a tree instead of a list.
     */
    private static final class Key implements Comparable<Key> {
        private final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int compareTo(Key o) {
            return Arrays.compareUnsigned(bytes, o.bytes);
        }
    }
}
