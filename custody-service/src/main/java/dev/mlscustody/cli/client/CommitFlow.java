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
        if (out.welcome().isPresent() && outWelcome.isEmpty()) {
            group.discardPendingCommit();
            throw new ClientException("the commit adds members: give --out-welcome");
        }
        MemberCommand.write(outCommit, out.commit());
        if (outWelcome.isPresent()) {
            if (out.welcome().isEmpty()) {
                group.discardPendingCommit();
                throw new ClientException("the commit adds no member, so there is no Welcome for --out-welcome");
            }
            MemberCommand.write(outWelcome.get(), out.welcome().get());
        }
        MergeResult merged = group.mergePendingCommit();
        s.commitState(group, merged.keysToDestroy());
        if (outTree.isPresent()) {
            Files2.writeAtomically(outTree.get(), group.ratchetTree().encode());
        }
        return Output.withGroup(Output.ok(), group).put("kind", "commit");
    }
}
