package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.codec.UintRange;

/**
 * RFC 9420 §12.1.3: {@code struct { uint32 removed; } Remove;} — a leaf index (uint32, held in a
 * {@code long}; whether it names a leaf of the tree is a validation question).
 */
public record Remove(long removed) implements Proposal {
    public Remove {
        UintRange.u32(removed, "removed");
    }

    @Override
    public ProposalType type() {
        return ProposalType.REMOVE;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.u32(removed);
    }

    public static Remove decodeBody(TlsReader r) throws DecodeException {
        return new Remove(r.u32());
    }
}
