package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.List;

/** RFC 9420 §12.1.7: {@code struct { Extension extensions<V>; } GroupContextExtensions;} */
public record GroupContextExtensions(List<Extension> extensions) implements Proposal {
    public GroupContextExtensions {
        extensions = List.copyOf(extensions);
    }

    @Override
    public ProposalType type() {
        return ProposalType.GROUP_CONTEXT_EXTENSIONS;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.vector(extensions);
    }

    public static GroupContextExtensions decodeBody(TlsReader r) throws DecodeException {
        return new GroupContextExtensions(Extension.decodeList(r));
    }
}
