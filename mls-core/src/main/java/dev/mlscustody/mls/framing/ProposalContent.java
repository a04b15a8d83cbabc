package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.message.Proposal;
import java.util.Objects;

/** Proposal content, {@code Proposal proposal} (RFC 9420 §6). */
public record ProposalContent(Proposal proposal) implements FramedContentBody {
    public ProposalContent {
        Objects.requireNonNull(proposal, "proposal");
    }

    @Override
    public ContentType contentType() {
        return ContentType.PROPOSAL;
    }

    @Override
    public void encode(TlsWriter w) {
        proposal.encode(w);
    }

    public static ProposalContent decode(TlsReader r) throws DecodeException {
        return new ProposalContent(Proposal.decode(r));
    }
}
