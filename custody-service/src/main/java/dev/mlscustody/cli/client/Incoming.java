package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.group.MergeResult;
import dev.mlscustody.mls.group.ProcessedMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Processing of one incoming message: application data is returned, a proposal is kept for the
 * next commit, a commit is merged at once. The state is saved before superseded keys are destroyed.
 */
final class Incoming {
    private Incoming() {
    }

    static ObjectNode process(ClientSession s, Group group, MlsMessage message) throws ClientException, MlsException {
        return process(s, group, message, false);
    }

    /** With {@code applicationOnly}, anything but application data is refused before the state changes. */
    static ObjectNode process(ClientSession s, Group group, MlsMessage message, boolean applicationOnly)
            throws ClientException, MlsException {
        ProcessedMessage processed = group.process(message);
        if (applicationOnly && !(processed instanceof ProcessedMessage.Application)) {
            throw new ClientException("not an application message (it is a "
                    + (processed instanceof ProcessedMessage.CommitStaged ? "commit" : "proposal") + ")");
        }
        ObjectNode out = Output.ok();
        List<dev.mlscustody.mls.crypto.KeyId> superseded = List.of();
        switch (processed) {
            case ProcessedMessage.Application a -> out.put("kind", "application")
                    .put("text", new String(a.data(), StandardCharsets.UTF_8))
                    .put("sender", a.senderLeaf());
            case ProcessedMessage.ProposalReceived p -> out.put("kind", "proposal")
                    .put("proposalType", p.proposal().proposal().type().name().toLowerCase());
            case ProcessedMessage.CommitStaged c -> {
                MergeResult merged = group.merge(c.commit());
                superseded = merged.keysToDestroy();
                out.put("kind", "commit").put("removedSelf", !merged.active());
            }
        }
        s.commitState(group, superseded);
        return Output.withGroup(out, group);
    }
}
