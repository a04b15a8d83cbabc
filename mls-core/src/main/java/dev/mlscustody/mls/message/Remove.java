package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;

/**
 * RFC 9420 §12.1.3: {@code struct { uint32 removed; } Remove;} — a leaf index; values above
 * 2^31 - 1 are rejected on decode (no tree can have that many leaves).
 */
public record Remove(int removed) implements Proposal {
    public Remove {
        if (removed < 0) {
            throw new IllegalArgumentException("negative leaf index");
        }
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
        return new Remove(r.u32AsInt("removed"));
    }
}
