package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.List;
import java.util.Objects;

/**
 * RFC 9420 §7.6:
 * <pre>
 * struct {
 *     LeafNode leaf_node;
 *     UpdatePathNode nodes&lt;V&gt;;
 * } UpdatePath;
 * </pre>
 */
public record UpdatePath(LeafNode leafNode, List<UpdatePathNode> nodes) implements TlsEncodable {
    public UpdatePath {
        Objects.requireNonNull(leafNode, "leafNode");
        nodes = List.copyOf(nodes);
    }

    @Override
    public void encode(TlsWriter w) {
        leafNode.encode(w);
        w.vector(nodes);
    }

    public static UpdatePath decode(TlsReader r) throws DecodeException {
        return new UpdatePath(LeafNode.decode(r), r.vector(UpdatePathNode::decode));
    }
}
