package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.group.CommitOptions;
import dev.mlscustody.mls.group.CommitOutput;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.group.MergeResult;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Our own commit in the file-based client: create it, write it (and the Welcome), merge it at
 * once (no delivery service stands in between), save the state, then destroy superseded keys.
 */
final class CommitFlow {
    private CommitFlow() {
    }

    static ObjectNode commitAndMerge(ClientSession s, Group group, CommitOptions options, Path outCommit,
                                     Optional<Path> outWelcome, Optional<Path> outTree) throws ClientException, MlsException {
        CommitOutput out = group.commit(options);
        try {
            if (out.welcome().isPresent() && outWelcome.isEmpty()) {
                throw new ClientException("the commit adds members: give --out-welcome");
            }
            if (out.welcome().isEmpty() && outWelcome.isPresent()) {
                throw new ClientException("the commit adds no member, so there is no Welcome for --out-welcome");
            }
            MemberCommand.write(outCommit, out.commit());
            if (outWelcome.isPresent()) {
                MemberCommand.write(outWelcome.get(), out.welcome().get());
            }
        } catch (ClientException | RuntimeException e) {
            // nothing was sent: drop the commit and the keys it made (the saved state never named them)
            MemberDir.destroyAll(s.custody, group.discardPendingCommit());
            throw e;
        }
        MergeResult merged = group.mergePendingCommit();
        s.commitState(group, merged.keysToDestroy());
        if (outTree.isPresent()) {
            Files2.writeAtomically(outTree.get(), group.ratchetTree().encode());
        }
        return Output.withGroup(Output.ok(), group).put("kind", "commit");
    }
}
