package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.group.Group;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tree}: the ratchet tree, encoded as the ratchet_tree extension's data (RFC 9420 §12.4.3.3). */
@Command(name = "tree", description = "Write the ratchet tree (optional<Node> ratchet_tree<V>).")
final class TreeCommand extends MemberCommand {
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--out", required = true) Path out;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = session(state)) {
            Group group = s.loadGroup(false);
            Files2.writeAtomically(out, group.ratchetTree().encode());
            return Output.withGroup(Output.ok(), group);
        }
    }
}
