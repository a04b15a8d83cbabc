package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Objects;

/**
 * RFC 9420 §12.4.3.3:
 * <pre>
 * enum { reserved(0), leaf(1), parent(2), (255) } NodeType;
 *
 * struct {
 *     NodeType node_type;
 *     select (Node.node_type) {
 *         case leaf:   LeafNode leaf_node;
 *         case parent: ParentNode parent_node;
 *     };
 * } Node;
 * </pre>
 * Reserved and unknown node types are rejected.
 */
public sealed interface Node extends TlsEncodable permits Node.Leaf, Node.Parent {
    int LEAF = 1;
    int PARENT = 2;

    record Leaf(LeafNode leafNode) implements Node {
        public Leaf {
            Objects.requireNonNull(leafNode, "leafNode");
        }

        @Override
        public void encode(TlsWriter w) {
            w.u8(LEAF);
            leafNode.encode(w);
        }
    }

    record Parent(ParentNode parentNode) implements Node {
        public Parent {
            Objects.requireNonNull(parentNode, "parentNode");
        }

        @Override
        public void encode(TlsWriter w) {
            w.u8(PARENT);
            parentNode.encode(w);
        }
    }

    static Node decode(TlsReader r) throws DecodeException {
        int type = r.u8();
        return switch (type) {
            case LEAF -> new Leaf(LeafNode.decode(r));
            case PARENT -> new Parent(ParentNode.decode(r));
            default -> throw new DecodeException("unknown node type " + type);
        };
    }
}
