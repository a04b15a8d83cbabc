package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.group.CommitOptions;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.message.Remove;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code remove}: commit the removal of a member (RFC 9420 §12.1.3). */
@Command(name = "remove", description = "Commit the removal of the member at --leaf.")
final class RemoveCommand extends MemberCommand {
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--leaf", required = true) int leaf;
    @Option(names = "--out", required = true) Path out;
    @Option(names = "--public", description = "Send the commit as a PublicMessage.") boolean publicMessage;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = session(state)) {
            Group group = s.loadGroup(publicMessage);
            CommitOptions options = CommitOptions.defaults().withProposals(List.of(new Remove(leaf)));
            return CommitFlow.commitAndMerge(s, group, options, out, Optional.empty(), Optional.empty());
        }
    }
}
