package dev.mlscustody.mls.schedule;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.crypto.CipherSuite;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The secret tree of one epoch (RFC 9420 §9). The root is the epoch's encryption_secret; a
 * parent's children are
 * <pre>
 * tree_node_[left(N)]_secret  = ExpandWithLabel(tree_node_[N]_secret, "tree", "left", KDF.Nh)
 * tree_node_[right(N)]_secret = ExpandWithLabel(tree_node_[N]_secret, "tree", "right", KDF.Nh)
 * </pre>
 * and each leaf secret starts two hash ratchets with
 * {@code ExpandWithLabel(leaf_secret, "handshake" | "application", "", KDF.Nh)}.
 *
 * <p>Secrets are derived on demand and deleted as §9.2 requires: a node secret is deleted once
 * both children are derived, a leaf secret once its two ratchets exist. The tree has the shape
 * of the ratchet tree (array representation of §4.1, a complete tree over a power-of-two number
 * of leaves covering {@code leafCount}).
 *
 * <p>Mutable by nature (the ratchets advance); not thread-safe.
 */
public final class SecretTree {
    private final CipherSuite suite;
    private final int leafCount;
    private final RatchetPolicy policy;
    private final int root;
    /** Node secrets not yet consumed, by node index. */
    private final Map<Integer, byte[]> nodeSecrets = new HashMap<>();
    private final Map<Integer, HashRatchet> handshake = new HashMap<>();
    private final Map<Integer, HashRatchet> application = new HashMap<>();

    public SecretTree(CipherSuite suite, byte[] encryptionSecret, int leafCount) {
        this(suite, encryptionSecret, leafCount, RatchetPolicy.DEFAULT);
    }

    public SecretTree(CipherSuite suite, byte[] encryptionSecret, int leafCount, RatchetPolicy policy) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.policy = Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(encryptionSecret, "encryptionSecret");
        if (leafCount < 1 || leafCount > (1 << 30)) {
            throw new IllegalArgumentException("leaf count out of range: " + leafCount);
        }
        this.leafCount = leafCount;
        // the complete tree has the smallest power of two >= leafCount leaves; its root is that - 1
        int width = Integer.highestOneBit(leafCount);
        if (width < leafCount) {
            width <<= 1;
        }
        this.root = width - 1;
        nodeSecrets.put(root, encryptionSecret.clone());
    }

    public int leafCount() {
        return leafCount;
    }

    /** The handshake or application ratchet of {@code leaf}, created on first use. */
    public HashRatchet ratchet(int leaf, RatchetType type) throws ValidationException {
        if (leaf < 0 || leaf >= leafCount) {
            throw new ValidationException(Reason.UNKNOWN_SENDER,
                    "leaf index " + leaf + " outside the secret tree of " + leafCount + " leaves");
        }
        if (!handshake.containsKey(leaf)) {
            createRatchets(leaf);
        }
        return (type == RatchetType.HANDSHAKE ? handshake : application).get(leaf);
    }

    public HashRatchet handshakeRatchet(int leaf) throws ValidationException {
        return ratchet(leaf, RatchetType.HANDSHAKE);
    }

    public HashRatchet applicationRatchet(int leaf) throws ValidationException {
        return ratchet(leaf, RatchetType.APPLICATION);
    }

    private void createRatchets(int leaf) {
        byte[] leafSecret = takeLeafSecret(leaf);
        byte[] hs = suite.expandWithLabel(leafSecret, RatchetType.HANDSHAKE.label(), new byte[0], suite.hashLength());
        byte[] app = suite.expandWithLabel(leafSecret, RatchetType.APPLICATION.label(), new byte[0], suite.hashLength());
        handshake.put(leaf, new HashRatchet(suite, hs, policy));
        application.put(leaf, new HashRatchet(suite, app, policy));
        Secrets.erase(leafSecret);
        Secrets.erase(hs);
        Secrets.erase(app);
    }

    /**
     * Derives the secret of the leaf's node from the lowest stored ancestor, storing the
     * siblings along the way and deleting each consumed parent; removes and returns it.
     */
    private byte[] takeLeafSecret(int leaf) {
        int target = 2 * leaf;
        int node = root;
        while (node != target) {
            int level = Integer.numberOfTrailingZeros(~node);
            int left = node ^ (1 << (level - 1));
            int right = node ^ (3 << (level - 1));
            byte[] secret = nodeSecrets.remove(node);
            if (secret != null) {
                nodeSecrets.put(left, suite.expandWithLabel(secret, "tree", ascii("left"), suite.hashLength()));
                nodeSecrets.put(right, suite.expandWithLabel(secret, "tree", ascii("right"), suite.hashLength()));
                Secrets.erase(secret);
            }
            node = target < node ? left : right;
        }
        byte[] leafSecret = nodeSecrets.remove(target);
        if (leafSecret == null) {
            throw new IllegalStateException("secret tree invariant broken at leaf " + leaf);
        }
        return leafSecret;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A tree with no secret yet, for {@link #decodeState}. */
    private SecretTree(CipherSuite suite, int leafCount, RatchetPolicy policy, int root) {
        this.suite = suite;
        this.leafCount = leafCount;
        this.policy = policy;
        this.root = root;
    }

    /**
     * Writes the tree's current state (unconsumed node secrets and every ratchet, in index order)
     * for a group state snapshot; consumed secrets stay deleted (§9.2). Secret material.
     */
    public void encodeState(dev.mlscustody.mls.codec.TlsWriter w) {
        w.u32(leafCount).u32(root);
        java.util.TreeMap<Integer, byte[]> secrets = new java.util.TreeMap<>(nodeSecrets);
        w.u32(secrets.size());
        secrets.forEach((node, secret) -> w.u32(node).opaque(secret));
        for (Map<Integer, HashRatchet> ratchets : java.util.List.of(handshake, application)) {
            java.util.TreeMap<Integer, HashRatchet> sorted = new java.util.TreeMap<>(ratchets);
            w.u32(sorted.size());
            sorted.forEach((leaf, ratchet) -> {
                w.u32(leaf);
                ratchet.encodeState(w);
            });
        }
    }

    /** Reads a state written by {@link #encodeState}. */
    public static SecretTree decodeState(CipherSuite suite, RatchetPolicy policy, dev.mlscustody.mls.codec.TlsReader r)
            throws dev.mlscustody.mls.codec.DecodeException {
        int leafCount = r.u32AsInt("leaf count");
        int root = r.u32AsInt("root");
        if (leafCount < 1 || leafCount > (1 << 30)) {
            throw new dev.mlscustody.mls.codec.DecodeException("secret tree leaf count out of range");
        }
        SecretTree t = new SecretTree(suite, leafCount, policy, root);
        int n = r.u32AsInt("node secrets");
        for (int i = 0; i < n; i++) {
            t.nodeSecrets.put(r.u32AsInt("node"), r.opaque());
        }
        for (Map<Integer, HashRatchet> ratchets : java.util.List.of(t.handshake, t.application)) {
            int m = r.u32AsInt("ratchets");
            for (int i = 0; i < m; i++) {
                ratchets.put(r.u32AsInt("leaf"), HashRatchet.decodeState(suite, policy, r));
            }
        }
        return t;
    }

    @Override
    public String toString() {
        return "SecretTree[leaves=" + leafCount + ", ratchets=" + handshake.size() + ", secrets redacted]";
    }
}
