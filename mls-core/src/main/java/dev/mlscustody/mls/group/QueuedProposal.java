package dev.mlscustody.mls.group;

import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.message.Proposal;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A proposal that takes part in a commit, with who sent it and, for a proposal sent on its own,
 * its ProposalRef (RFC 9420 §5.2: {@code RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent)}).
 *
 * @param reference empty for a proposal carried by value inside a Commit
 */
public record QueuedProposal(Proposal proposal, Sender sender, Optional<byte[]> reference) {
    public QueuedProposal {
        Objects.requireNonNull(proposal, "proposal");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(reference, "reference");
    }

    public boolean byReference() {
        return reference.isPresent();
    }

    @Override
    public String toString() {
        return "QueuedProposal[" + proposal.type() + " from " + sender
                + reference.map(r -> " ref " + HexFormat.of().formatHex(r)).orElse(" by value") + "]";
    }
}
