package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.KeyId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One member's private view of the ratchet tree (RFC 9420 §7.4 tree invariant): its leaf index,
 * the handle of its leaf HPKE key (a custody key, held by id), and the path secret of every parent
 * node whose private key it knows, with the public key it derives. Parent-node key pairs are
 * derived from path secrets on demand (§7.4), so the state encodes as leaf index + KeyId + path
 * secrets; custody keys never appear in it as material. Immutable; "with" methods return new
 * states. A past epoch kept only for late application messages has no keys at all ({@link #withoutKeys}).
 */
public final class PrivateTreeKeys {
    /** The path secret of one parent node and the public key it derives (§7.4). */
    public record NodeSecret(byte[] pathSecret, byte[] publicKey) {
        @Override
        public String toString() {
            return "NodeSecret[redacted]";
        }
    }

    private final CipherSuite suite;
    private final int ownLeaf;
    private final HpkePrivateKey leafKey;
    private final Map<Integer, NodeSecret> nodes;
    private final Map<Integer, HpkePrivateKey> derived = new ConcurrentHashMap<>();

    private PrivateTreeKeys(CipherSuite suite, int ownLeaf, HpkePrivateKey leafKey, TreeMap<Integer, NodeSecret> nodes) {
        if (ownLeaf < 0) {
            throw new IllegalArgumentException("negative leaf index");
        }
        this.suite = suite;
        this.ownLeaf = ownLeaf;
        this.leafKey = leafKey;
        this.nodes = Collections.unmodifiableMap(nodes);
    }

    /** The keys of a member that knows only its leaf key (a new member before path secrets). */
    public static PrivateTreeKeys ofLeaf(CipherSuite suite, int ownLeaf, HpkePrivateKey leafKey) {
        return new PrivateTreeKeys(suite, ownLeaf, java.util.Objects.requireNonNull(leafKey, "leafKey"), new TreeMap<>());
    }

    /** A stored state: leaf key (null for a past epoch) and node secrets as they were encoded. */
    public static PrivateTreeKeys restore(CipherSuite suite, int ownLeaf, HpkePrivateKey leafKey,
                                          Map<Integer, NodeSecret> nodes) {
        return new PrivateTreeKeys(suite, ownLeaf, leafKey, new TreeMap<>(nodes));
    }

    public int ownLeaf() {
        return ownLeaf;
    }

    /** The leaf key handle; null for a past epoch ({@link #withoutKeys}). */
    public HpkePrivateKey leafKey() {
        return leafKey;
    }

    /** The custody id of the leaf HPKE key. */
    public KeyId leafKeyId() {
        if (leafKey == null) {
            throw new IllegalStateException("no leaf key in a past epoch");
        }
        return leafKey.id();
    }

    /** The parent nodes whose path secrets this member holds, ascending. */
    public Collection<Integer> nodesWithSecrets() {
        return nodes.keySet();
    }

    /** Node index -> path secret and public key, ascending. */
    public Map<Integer, NodeSecret> nodeSecrets() {
        return nodes;
    }

    /** The path secret of parent node {@code node}, if known. */
    public Optional<byte[]> pathSecret(int node) {
        NodeSecret s = nodes.get(node);
        return s == null ? Optional.empty() : Optional.of(s.pathSecret().clone());
    }

    /** True if this member holds the private key of node {@code x}. */
    public boolean hasKey(int x) {
        return (x == TreeMath.leafToNode(ownLeaf) && leafKey != null) || nodes.containsKey(x);
    }

    /**
     * The private key for node {@code x}: the leaf key for the own leaf, the key derived from
     * the path secret for a parent node, or empty.
     */
    public Optional<HpkePrivateKey> privateKey(int x) throws CryptoException {
        if (x == TreeMath.leafToNode(ownLeaf)) {
            return Optional.ofNullable(leafKey);
        }
        NodeSecret secret = nodes.get(x);
        if (secret == null) {
            return Optional.empty();
        }
        HpkePrivateKey key = derived.get(x);
        if (key == null) {
            key = PathSecrets.nodeKey(suite, secret.pathSecret());
            derived.put(x, key);
        }
        return Optional.of(key);
    }

    /** This state with a different leaf key (own Update or Commit); the old key's id stays the caller's to destroy. */
    public PrivateTreeKeys withLeafKey(HpkePrivateKey newLeafKey) {
        return new PrivateTreeKeys(suite, ownLeaf, newLeafKey, new TreeMap<>(nodes));
    }

    /** §9.2 / §15.4: no private key at all, for a past epoch kept only for late application messages. */
    public PrivateTreeKeys withoutKeys() {
        return new PrivateTreeKeys(suite, ownLeaf, null, new TreeMap<>());
    }

    /** This state with the given path secrets added or replaced (node index → path secret); derives their public keys. */
    public PrivateTreeKeys withPathSecrets(Map<Integer, byte[]> secrets) throws CryptoException {
        TreeMap<Integer, NodeSecret> m = new TreeMap<>(nodes);
        for (Map.Entry<Integer, byte[]> e : secrets.entrySet()) {
            byte[] s = e.getValue().clone();
            m.put(e.getKey(), new NodeSecret(s, PathSecrets.nodeKey(suite, s).publicKey()));
        }
        return new PrivateTreeKeys(suite, ownLeaf, leafKey, m);
    }

    /** This state with the given node secrets added or replaced. */
    public PrivateTreeKeys withNodeSecrets(Map<Integer, NodeSecret> secrets) {
        TreeMap<Integer, NodeSecret> m = new TreeMap<>(nodes);
        m.putAll(secrets);
        return new PrivateTreeKeys(suite, ownLeaf, leafKey, m);
    }

    /** This state without the path secrets of {@code nodes} (§7.5: outdated key pairs are deleted). */
    public PrivateTreeKeys without(Collection<Integer> dropped) {
        TreeMap<Integer, NodeSecret> m = new TreeMap<>(nodes);
        dropped.forEach(m::remove);
        return new PrivateTreeKeys(suite, ownLeaf, leafKey, m);
    }

    /**
     * The private keys that go with {@code tree} (§7.5): every secret dropped whose node is now
     * blank or carries another public key (the nodes a commit overwrote), then {@code fresh}
     * secrets added, with {@code newLeafKey} as leaf key.
     */
    public PrivateTreeKeys next(TreeView tree, HpkePrivateKey newLeafKey, Map<Integer, NodeSecret> fresh) {
        TreeMap<Integer, NodeSecret> m = new TreeMap<>(nodes);
        m.entrySet().removeIf(e -> !matches(tree, e.getKey(), e.getValue()));
        m.putAll(fresh);
        return new PrivateTreeKeys(suite, ownLeaf, newLeafKey, m);
    }

    private static boolean matches(TreeView tree, int node, NodeSecret s) {
        return node < tree.nodeWidth() && tree.node(node).map(n -> n instanceof Node.Parent p
                && Arrays.equals(p.parentNode().encryptionKey(), s.publicKey())).orElse(false);
    }

    /**
     * Encoding for group-state storage (to be stored encrypted at rest):
     * {@code struct { uint32 own_leaf; opaque leaf_key_id<V>; NodeSecret path_secrets<V>; }}
     * with {@code struct { uint32 node; opaque path_secret<V>; } NodeSecret}.
     */
    public byte[] encode() {
        TlsWriter w = new TlsWriter();
        w.u32(ownLeaf);
        w.opaque(leafKeyId().value().getBytes(StandardCharsets.UTF_8));
        w.vectorOf(() -> nodes.forEach((node, secret) -> w.u32(node).opaque(secret.pathSecret())));
        return w.toByteArray();
    }

    /** Decodes {@link #encode()}, finding the leaf key again in {@code custody}. */
    public static PrivateTreeKeys decode(CipherSuite suite, byte[] encoded, KeyCustody custody)
            throws DecodeException, CryptoException {
        TlsReader r = new TlsReader(encoded);
        int ownLeaf = r.u32AsInt("own leaf");
        KeyId id;
        try {
            id = new KeyId(new String(r.opaque(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new DecodeException("invalid leaf key id");
        }
        TreeMap<Integer, byte[]> secrets = new TreeMap<>();
        TlsReader body = r.vectorBody();
        while (body.hasRemaining()) {
            int node = body.u32AsInt("node index");
            if (TreeMath.isLeaf(node) || secrets.put(node, body.opaque()) != null) {
                throw new DecodeException("invalid or repeated path-secret node " + node);
            }
        }
        r.finish();
        return ofLeaf(suite, ownLeaf, custody.findHpkeKey(id)).withPathSecrets(secrets);
    }

    @Override
    public String toString() {
        return "PrivateTreeKeys[leaf=" + ownLeaf + ", leafKey=" + (leafKey == null ? "none" : leafKey.id())
                + ", pathSecrets for nodes " + nodes.keySet() + "]";
    }
}
