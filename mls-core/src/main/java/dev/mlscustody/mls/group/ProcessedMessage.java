package dev.mlscustody.mls.group;

import java.util.Objects;

/**
 * What processing an incoming PublicMessage or PrivateMessage produced (RFC 9420 §6, §12):
 * application data, a proposal (now cached by its ProposalRef), or a staged commit that changes
 * nothing until {@link Group#merge(StagedCommit)}.
 */
public sealed interface ProcessedMessage
        permits ProcessedMessage.Application, ProcessedMessage.ProposalReceived, ProcessedMessage.CommitStaged {

    /** Decrypted application data from member {@code senderLeaf} in epoch {@code epoch}. */
    record Application(int senderLeaf, long epoch, byte[] data, byte[] authenticatedData) implements ProcessedMessage {
        public Application {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(authenticatedData, "authenticatedData");
        }

        @Override
        public String toString() {
            return "Application[from leaf " + senderLeaf + ", " + data.length + " bytes]";
        }
    }

    /** A valid proposal, stored for a later commit. */
    record ProposalReceived(QueuedProposal proposal) implements ProcessedMessage {
    }

    /** A fully verified commit, inert until merged. */
    record CommitStaged(StagedCommit commit) implements ProcessedMessage {
    }
}
