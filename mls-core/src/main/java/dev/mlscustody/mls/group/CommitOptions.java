package dev.mlscustody.mls.group;

import dev.mlscustody.mls.message.Proposal;
import java.util.List;

/**
 * What to put in our next commit (RFC 9420 §12.4).
 *
 * @param byValue            proposals to include by value (Add, Remove, PSK, ReInit, GroupContextExtensions)
 * @param includePending     include the cached proposals of this epoch by reference (§12.4: SHOULD)
 * @param forcePath          include an UpdatePath even when not required (a full commit, §12.4)
 * @param ratchetTreeInWelcome put the ratchet_tree extension into the Welcome's GroupInfo (§12.4.3.3)
 * @param authenticatedData  the FramedContent authenticated_data
 */
public record CommitOptions(List<Proposal> byValue, boolean includePending, boolean forcePath,
                            boolean ratchetTreeInWelcome, byte[] authenticatedData) {
    public CommitOptions {
        byValue = List.copyOf(byValue);
        authenticatedData = authenticatedData.clone();
    }

    /** An empty, full commit with pending proposals and the tree in the Welcome. */
    public static CommitOptions defaults() {
        return new CommitOptions(List.of(), true, true, true, new byte[0]);
    }

    public CommitOptions withProposals(List<Proposal> proposals) {
        return new CommitOptions(proposals, includePending, forcePath, ratchetTreeInWelcome, authenticatedData);
    }

    public CommitOptions withForcePath(boolean value) {
        return new CommitOptions(byValue, includePending, value, ratchetTreeInWelcome, authenticatedData);
    }

    public CommitOptions withRatchetTreeInWelcome(boolean value) {
        return new CommitOptions(byValue, includePending, forcePath, value, authenticatedData);
    }

    public CommitOptions withIncludePending(boolean value) {
        return new CommitOptions(byValue, value, forcePath, ratchetTreeInWelcome, authenticatedData);
    }
}
