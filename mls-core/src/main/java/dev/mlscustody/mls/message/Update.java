package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.tree.LeafNode;
import java.util.Objects;

/** RFC 9420 §12.1.2: {@code struct { LeafNode leaf_node; } Update;} */
public record Update(LeafNode leafNode) implements Proposal {
    public Update {
        Objects.requireNonNull(leafNode, "leafNode");
    }

    @Override
    public ProposalType type() {
        return ProposalType.UPDATE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        leafNode.encode(w);
    }

    public static Update decodeBody(TlsReader r) throws DecodeException {
        return new Update(LeafNode.decode(r));
    }
}
