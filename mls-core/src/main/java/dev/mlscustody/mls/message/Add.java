package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Objects;

/** RFC 9420 §12.1.1: {@code struct { KeyPackage key_package; } Add;} */
public record Add(KeyPackage keyPackage) implements Proposal {
    public Add {
        Objects.requireNonNull(keyPackage, "keyPackage");
    }

    @Override
    public ProposalType type() {
        return ProposalType.ADD;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        keyPackage.encode(w);
    }

    public static Add decodeBody(TlsReader r) throws DecodeException {
        return new Add(KeyPackage.decode(r));
    }
}
