package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.group.Group;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code group-info}: a signed GroupInfo with external_pub, for external joiners (RFC 9420 §12.4.3.2). */
@Command(name = "group-info", description = "Write a signed GroupInfo (with external_pub) as an MLSMessage.")
final class GroupInfoCommand extends MemberCommand {
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--out", required = true) Path out;
    @Option(names = "--with-tree", description = "Include the ratchet_tree extension.") boolean withTree;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = session(state)) {
            Group group = s.loadGroup(false);
            write(out, MlsMessage.of(group.groupInfo(withTree, true)));
            return Output.withGroup(Output.ok(), group);
        }
    }
}
