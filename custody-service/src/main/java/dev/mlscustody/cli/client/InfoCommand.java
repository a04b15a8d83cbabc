package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.group.Group;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code info}: the group as this member sees it. */
@Command(name = "info", description = "Print the group's epoch, epoch authenticator, own leaf and members.")
final class InfoCommand extends MemberCommand {
    @Option(names = "--state", required = true) Path state;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = session(state)) {
            Group group = s.loadGroup(false);
            return Output.withGroup(Output.ok(), group).put("status", group.status().name().toLowerCase())
                    .put("pendingProposals", group.pendingProposals().size());
        }
    }
}
