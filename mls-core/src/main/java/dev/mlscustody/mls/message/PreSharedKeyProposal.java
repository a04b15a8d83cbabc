package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Objects;

/** RFC 9420 §12.1.4: {@code struct { PreSharedKeyID psk; } PreSharedKey;} */
public record PreSharedKeyProposal(PreSharedKeyId psk) implements Proposal {
    public PreSharedKeyProposal {
        Objects.requireNonNull(psk, "psk");
    }

    @Override
    public ProposalType type() {
        return ProposalType.PSK;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        psk.encode(w);
    }

    public static PreSharedKeyProposal decodeBody(TlsReader r) throws DecodeException {
        return new PreSharedKeyProposal(PreSharedKeyId.decode(r));
    }
}
