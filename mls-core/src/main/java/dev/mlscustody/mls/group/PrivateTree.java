package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.tree.Node;
import dev.mlscustody.mls.tree.RatchetTree;
import dev.mlscustody.mls.tree.TreeMath;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our private view of the ratchet tree (RFC 9420 §4, §7.4): the custody handle of our leaf HPKE
 * key, and the path secrets of the parent nodes whose private keys we know. Parent keys are
 * software keys derived on demand ({@code node_secret = DeriveSecret(path_secret, "node")},
 * {@code DeriveKeyPair(node_secret)}); the leaf key never leaves custody. Immutable.
 */
final class PrivateTree {
    /** A path secret and the public key it derives, for one parent node. */
    record NodeSecret(byte[] pathSecret, byte[] publicKey) {
        @Override
        public String toString() {
            return "NodeSecret[redacted]";
        }
    }

    private final int ownLeaf;
    private final HpkePrivateKey leafKey;
    private final Map<Integer, NodeSecret> nodes;
    private final Map<Integer, HpkePrivateKey> derived = new ConcurrentHashMap<>();

    PrivateTree(int ownLeaf, HpkePrivateKey leafKey, Map<Integer, NodeSecret> nodes) {
        this.ownLeaf = ownLeaf;
        this.leafKey = leafKey;
        this.nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
    }

    /** No private key at all: a past epoch kept only for late application messages. */
    static PrivateTree none(int ownLeaf) {
        return new PrivateTree(ownLeaf, null, Map.of());
    }

    int ownLeaf() {
        return ownLeaf;
    }

    /** Our leaf key; null in a past epoch ({@link #none}). */
    HpkePrivateKey leafKey() {
        return leafKey;
    }

    Map<Integer, NodeSecret> nodeSecrets() {
        return nodes;
    }

    boolean hasKey(int node) {
        return node == TreeMath.leafToNode(ownLeaf) || nodes.containsKey(node);
    }

    /** The private key of node {@code node}: our leaf handle, or a key derived from a path secret. */
    HpkePrivateKey keyFor(CipherSuite suite, int node) throws CryptoException {
        if (node == TreeMath.leafToNode(ownLeaf)) {
            if (leafKey == null) {
                throw new IllegalStateException("no leaf key in a past epoch");
            }
            return leafKey;
        }
        NodeSecret s = nodes.get(node);
        if (s == null) {
            throw new IllegalStateException("no private key for node " + node);
        }
        HpkePrivateKey k = derived.get(node);
        if (k == null) {
            k = deriveNodeKey(suite, s.pathSecret());
            derived.put(node, k);
        }
        return k;
    }

    /** §7.4: node_secret = DeriveSecret(path_secret, "node"); node key pair = DeriveKeyPair(node_secret). */
    static HpkePrivateKey deriveNodeKey(CipherSuite suite, byte[] pathSecret) throws CryptoException {
        byte[] nodeSecret = suite.deriveSecret(pathSecret, "node");
        try {
            return suite.deriveHpkeKeyPair(nodeSecret);
        } finally {
            Arrays.fill(nodeSecret, (byte) 0);
        }
    }

    /**
     * The private tree that goes with {@code tree}: path secrets added for {@code fresh} nodes,
     * and every secret dropped whose node is now blank or carries another public key (§7.5: the
     * nodes a commit overwrote). The leaf key may change (own commit or own Update applied).
     */
    PrivateTree next(RatchetTree tree, HpkePrivateKey newLeafKey, Map<Integer, NodeSecret> fresh) {
        Map<Integer, NodeSecret> out = new HashMap<>();
        for (Map.Entry<Integer, NodeSecret> e : nodes.entrySet()) {
            if (matches(tree, e.getKey(), e.getValue())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        out.putAll(fresh);
        return new PrivateTree(ownLeaf, newLeafKey, out);
    }

    private static boolean matches(RatchetTree tree, int node, NodeSecret s) {
        if (node >= tree.nodeWidth()) {
            return false;
        }
        return tree.node(node).map(n -> n instanceof Node.Parent p
                && Arrays.equals(p.parentNode().encryptionKey(), s.publicKey())).orElse(false);
    }

    @Override
    public String toString() {
        return "PrivateTree[leaf=" + ownLeaf + ", " + nodes.size() + " path secrets redacted]";
    }
}
