package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.tree.UpdatePath;
import java.util.List;
import java.util.Optional;

/**
 * RFC 9420 §12.4:
 * <pre>
 * struct {
 *     ProposalOrRef proposals&lt;V&gt;;
 *     optional&lt;UpdatePath&gt; path;
 * } Commit;
 * </pre>
 */
public record Commit(List<ProposalOrRef> proposals, Optional<UpdatePath> path) implements TlsEncodable {
    public Commit {
        proposals = List.copyOf(proposals);
        java.util.Objects.requireNonNull(path, "path");
    }

    @Override
    public void encode(TlsWriter w) {
        w.vector(proposals);
        w.optional(path, (ww, p) -> p.encode(ww));
    }

    public static Commit decode(TlsReader r) throws DecodeException {
        return new Commit(r.vector(ProposalOrRef::decode), r.optional(UpdatePath::decode));
    }
}
