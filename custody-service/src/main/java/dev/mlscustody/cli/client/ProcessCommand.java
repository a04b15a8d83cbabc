package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.group.Group;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code process}: a commit, proposal or application message from another member. */
@Command(name = "process", description = "Process a commit, proposal or application message; prints its kind.")
final class ProcessCommand extends MemberCommand {
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--in", required = true) Path in;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = session(state)) {
            return Incoming.process(s, s.loadGroup(false), readMessage(in));
        }
    }
}
