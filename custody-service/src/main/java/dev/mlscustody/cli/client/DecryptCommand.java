package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.group.Group;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code decrypt}: an application message; prints its text. */
@Command(name = "decrypt", description = "Decrypt an application message and print its text.")
final class DecryptCommand extends MemberCommand {
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--in", required = true) Path in;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = session(state)) {
            Group group = s.loadGroup(false);
            ObjectNode out = Incoming.process(s, group, readMessage(in), true);
            return out;
        }
    }
}
