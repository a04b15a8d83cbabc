package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyId;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One member's private view of the ratchet tree (RFC 9420 §7.4 tree invariant): its leaf index,
 * the handle of its leaf HPKE key (a custody key, held by id), and the path secret of every parent
 * node whose private key it knows. Parent-node key pairs are derived from path secrets on demand
 * (§7.4), so the state encodes as leaf index + KeyId + path secrets; custody keys never appear in
 * it as material. Immutable; "with" methods return new states.
 */
public final class PrivateTreeKeys {
    private final CipherSuite suite;
    private final int ownLeaf;
    private final HpkePrivateKey leafKey;
    private final Map<Integer, byte[]> pathSecrets;
    private final Map<Integer, HpkePrivateKey> derived = new ConcurrentHashMap<>();

    private PrivateTreeKeys(CipherSuite suite, int ownLeaf, HpkePrivateKey leafKey, Map<Integer, byte[]> pathSecrets) {
        this.suite = suite;
        this.ownLeaf = ownLeaf;
        this.leafKey = leafKey;
        this.pathSecrets = Collections.unmodifiableMap(pathSecrets);
    }

    /** The keys of a member that knows only its leaf key (a new member before path secrets). */
    public static PrivateTreeKeys ofLeaf(CipherSuite suite, int ownLeaf, HpkePrivateKey leafKey) {
        if (ownLeaf < 0) {
            throw new IllegalArgumentException("negative leaf index");
        }
        return new PrivateTreeKeys(suite, ownLeaf, leafKey, new TreeMap<>());
    }

    public int ownLeaf() {
        return ownLeaf;
    }

    public HpkePrivateKey leafKey() {
        return leafKey;
    }

    /** The custody id of the leaf HPKE key. */
    public KeyId leafKeyId() {
        return leafKey.id();
    }

    /** The parent nodes whose path secrets this member holds, ascending. */
    public Collection<Integer> nodesWithSecrets() {
        return pathSecrets.keySet();
    }

    /** The path secret of parent node {@code node}, if known. */
    public Optional<byte[]> pathSecret(int node) {
        byte[] s = pathSecrets.get(node);
        return s == null ? Optional.empty() : Optional.of(s.clone());
    }

    /**
     * The private key for node {@code x}: the leaf key for the own leaf, the key derived from
     * the path secret for a parent node, or empty.
     */
    public Optional<HpkePrivateKey> privateKey(int x) throws CryptoException {
        if (x == TreeMath.leafToNode(ownLeaf)) {
            return Optional.of(leafKey);
        }
        byte[] secret = pathSecrets.get(x);
        if (secret == null) {
            return Optional.empty();
        }
        HpkePrivateKey key = derived.get(x);
        if (key == null) {
            key = PathSecrets.nodeKey(suite, secret);
            derived.put(x, key);
        }
        return Optional.of(key);
    }

    /** This state with a different leaf key (own Update or Commit); the old key's id stays the caller's to destroy. */
    public PrivateTreeKeys withLeafKey(HpkePrivateKey newLeafKey) {
        return new PrivateTreeKeys(suite, ownLeaf, newLeafKey, new TreeMap<>(pathSecrets));
    }

    /** This state at a different leaf index (after joining). */
    public PrivateTreeKeys atLeaf(int leafIndex) {
        return new PrivateTreeKeys(suite, leafIndex, leafKey, new TreeMap<>(pathSecrets));
    }

    /** This state with the given path secrets added or replaced (node index → path secret). */
    public PrivateTreeKeys withPathSecrets(Map<Integer, byte[]> secrets) {
        TreeMap<Integer, byte[]> m = new TreeMap<>(pathSecrets);
        secrets.forEach((node, s) -> m.put(node, s.clone()));
        return new PrivateTreeKeys(suite, ownLeaf, leafKey, m);
    }

    /** This state without the path secrets of {@code nodes} (§7.5: outdated key pairs are deleted). */
    public PrivateTreeKeys without(Collection<Integer> nodes) {
        TreeMap<Integer, byte[]> m = new TreeMap<>(pathSecrets);
        nodes.forEach(m::remove);
        return new PrivateTreeKeys(suite, ownLeaf, leafKey, m);
    }

    /** This state without secrets for nodes that are blank or absent in {@code tree}. */
    public PrivateTreeKeys retainNonBlank(TreeView tree) {
        TreeMap<Integer, byte[]> m = new TreeMap<>(pathSecrets);
        m.keySet().removeIf(x -> x >= tree.nodeWidth() || tree.isBlank(x));
        return new PrivateTreeKeys(suite, ownLeaf, leafKey, m);
    }

    /**
     * Encoding for group-state storage (to be stored encrypted at rest):
     * {@code struct { uint32 own_leaf; opaque leaf_key_id<V>; NodeSecret path_secrets<V>; }}
     * with {@code struct { uint32 node; opaque path_secret<V>; } NodeSecret}.
     */
    public byte[] encode() {
        TlsWriter w = new TlsWriter();
        w.u32(ownLeaf);
        w.opaque(leafKey.id().value().getBytes(StandardCharsets.UTF_8));
        w.vectorOf(() -> pathSecrets.forEach((node, secret) -> w.u32(node).opaque(secret)));
        return w.toByteArray();
    }

    /** Decodes {@link #encode()}, finding the leaf key again in {@code custody}. */
    public static PrivateTreeKeys decode(CipherSuite suite, byte[] encoded, KeyCustody custody)
            throws DecodeException, KeyCustodyException {
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
        return new PrivateTreeKeys(suite, ownLeaf, custody.findHpkeKey(id), secrets);
    }

    @Override
    public String toString() {
        return "PrivateTreeKeys[leaf=" + ownLeaf + ", leafKey=" + leafKey.id() + ", pathSecrets for nodes " + pathSecrets.keySet() + "]";
    }
}
