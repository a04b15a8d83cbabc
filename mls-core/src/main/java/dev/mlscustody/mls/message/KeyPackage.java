package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.codec.UintRange;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.tree.LeafNode;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * RFC 9420 §10:
 * <pre>
 * struct {
 *     ProtocolVersion version;
 *     CipherSuite cipher_suite;
 *     HPKEPublicKey init_key;
 *     LeafNode leaf_node;
 *     Extension extensions&lt;V&gt;;
 *     /* SignWithLabel(., "KeyPackageTBS", KeyPackageTBS) *&#47;
 *     opaque signature&lt;V&gt;;
 * } KeyPackage;
 * </pre>
 * {@code cipherSuite} is the uint16 code point (semantic checks live with the cipher suites).
 */
public record KeyPackage(
        ProtocolVersion version,
        int cipherSuite,
        byte[] initKey,
        LeafNode leafNode,
        List<Extension> extensions,
        byte[] signature) implements TlsEncodable {

    public KeyPackage {
        Objects.requireNonNull(version, "version");
        UintRange.u16(cipherSuite, "cipher_suite");
        Objects.requireNonNull(initKey, "initKey");
        Objects.requireNonNull(leafNode, "leafNode");
        extensions = List.copyOf(extensions);
        Objects.requireNonNull(signature, "signature");
    }

    @Override
    public void encode(TlsWriter w) {
        encodeTbs(w);
        w.opaque(signature);
    }

    private void encodeTbs(TlsWriter w) {
        version.encode(w);
        w.u16(cipherSuite);
        w.opaque(initKey);
        leafNode.encode(w);
        w.vector(extensions);
    }

    /** KeyPackageTBS (§10): every field but the signature, signed with label "KeyPackageTBS". */
    public byte[] encodeTbs() {
        TlsWriter w = new TlsWriter();
        encodeTbs(w);
        return w.toByteArray();
    }

    public static KeyPackage decode(TlsReader r) throws DecodeException {
        return new KeyPackage(ProtocolVersion.decode(r), r.u16(), r.opaque(), LeafNode.decode(r),
                Extension.decodeList(r), r.opaque());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyPackage k && Arrays.equals(toBytes(), k.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "KeyPackage[version=" + version + ", cipherSuite=" + cipherSuite + ", leafNode=" + leafNode
                + ", extensions=" + extensions + "]";
    }
}
