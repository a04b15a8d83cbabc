package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.codec.UintRange;
import dev.mlscustody.mls.message.Credential;
import dev.mlscustody.mls.message.Extension;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * RFC 9420 §7.2:
 * <pre>
 * struct {
 *     HPKEPublicKey encryption_key;
 *     SignaturePublicKey signature_key;
 *     Credential credential;
 *     Capabilities capabilities;
 *
 *     LeafNodeSource leaf_node_source;
 *     select (LeafNode.leaf_node_source) {
 *         case key_package: Lifetime lifetime;
 *         case update:      struct{};
 *         case commit:      opaque parent_hash&lt;V&gt;;
 *     };
 *
 *     Extension extensions&lt;V&gt;;
 *     /* SignWithLabel(., "LeafNodeTBS", LeafNodeTBS) *&#47;
 *     opaque signature&lt;V&gt;;
 * } LeafNode;
 * </pre>
 * {@code lifetime} is present exactly for source key_package, {@code parentHash} exactly for
 * source commit. HPKEPublicKey and SignaturePublicKey are {@code opaque <V>}; the arrays hold
 * their contents without the length header.
 */
public record LeafNode(
        byte[] encryptionKey,
        byte[] signatureKey,
        Credential credential,
        Capabilities capabilities,
        LeafNodeSource source,
        Optional<Lifetime> lifetime,
        Optional<byte[]> parentHash,
        List<Extension> extensions,
        byte[] signature) implements TlsEncodable {

    public LeafNode {
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        Objects.requireNonNull(signatureKey, "signatureKey");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(signature, "signature");
        extensions = List.copyOf(extensions);
        if (lifetime.isPresent() != (source == LeafNodeSource.KEY_PACKAGE)) {
            throw new IllegalArgumentException("lifetime must be present exactly for leaf_node_source key_package");
        }
        if (parentHash.isPresent() != (source == LeafNodeSource.COMMIT)) {
            throw new IllegalArgumentException("parent_hash must be present exactly for leaf_node_source commit");
        }
    }

    /** A LeafNode with the given signature and every other field unchanged. */
    /** The label of the LeafNode signature: SignWithLabel(., "LeafNodeTBS", LeafNodeTBS) (§7.2). */
    public static final String SIGNATURE_LABEL = "LeafNodeTBS";

    /**
     * This leaf with its signature made by {@code key} over its LeafNodeTBS (§7.2); the group id and
     * leaf index are as for {@link #encodeTbs}. The key may be a token handle.
     */
    public LeafNode signedWith(dev.mlscustody.mls.crypto.CipherSuite suite, dev.mlscustody.mls.crypto.SignatureKey key,
                               byte[] groupId, long leafIndex) throws dev.mlscustody.mls.crypto.KeyCustodyException {
        return withSignature(suite.signWithLabel(key, SIGNATURE_LABEL, encodeTbs(groupId, leafIndex)));
    }

    public LeafNode withSignature(byte[] newSignature) {
        return new LeafNode(encryptionKey, signatureKey, credential, capabilities, source, lifetime, parentHash,
                extensions, newSignature);
    }

    @Override
    public void encode(TlsWriter w) {
        encodeContent(w);
        w.opaque(signature);
    }

    private void encodeContent(TlsWriter w) {
        w.opaque(encryptionKey).opaque(signatureKey);
        credential.encode(w);
        capabilities.encode(w);
        w.u8(source.code());
        switch (source) {
            case KEY_PACKAGE -> lifetime.orElseThrow().encode(w);
            case UPDATE -> { }
            case COMMIT -> w.opaque(parentHash.orElseThrow());
        }
        w.vector(extensions);
    }

    /**
     * The LeafNodeTBS of §7.2 (the content signed with label "LeafNodeTBS"):
     * <pre>
     * struct {
     *     ... every LeafNode field up to extensions ...
     *     select (LeafNodeTBS.leaf_node_source) {
     *         case key_package: struct{};
     *         case update:      opaque group_id&lt;V&gt;; uint32 leaf_index;
     *         case commit:      opaque group_id&lt;V&gt;; uint32 leaf_index;
     *     };
     * } LeafNodeTBS;
     * </pre>
     * For source key_package the group context arguments are ignored (and may be null).
     */
    public byte[] encodeTbs(byte[] groupId, long leafIndex) {
        TlsWriter w = new TlsWriter();
        encodeContent(w);
        if (source != LeafNodeSource.KEY_PACKAGE) {
            Objects.requireNonNull(groupId, "groupId is required for leaf_node_source " + source);
            UintRange.u32(leafIndex, "leaf_index");
            w.opaque(groupId).u32(leafIndex);
        }
        return w.toByteArray();
    }

    public static LeafNode decode(TlsReader r) throws DecodeException {
        byte[] encryptionKey = r.opaque();
        byte[] signatureKey = r.opaque();
        Credential credential = Credential.decode(r);
        Capabilities capabilities = Capabilities.decode(r);
        LeafNodeSource source = LeafNodeSource.fromCode(r.u8());
        Optional<Lifetime> lifetime = Optional.empty();
        Optional<byte[]> parentHash = Optional.empty();
        switch (source) {
            case KEY_PACKAGE -> lifetime = Optional.of(Lifetime.decode(r));
            case UPDATE -> { }
            case COMMIT -> parentHash = Optional.of(r.opaque());
        }
        List<Extension> extensions = Extension.decodeList(r);
        byte[] signature = r.opaque();
        return new LeafNode(encryptionKey, signatureKey, credential, capabilities, source, lifetime, parentHash,
                extensions, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeafNode n && Arrays.equals(toBytes(), n.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "LeafNode[source=" + source + ", credential=" + credential + ", extensions=" + extensions + "]";
    }
}
