package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.group.Group;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code encrypt}: an application message as a PrivateMessage (RFC 9420 §6.3). */
@Command(name = "encrypt", description = "Encrypt a text as an application message.")
final class EncryptCommand extends MemberCommand {
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--text", required = true) String text;
    @Option(names = "--out", required = true) Path out;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = session(state)) {
            Group group = s.loadGroup(false);
            MlsMessage m = group.encrypt(text.getBytes(StandardCharsets.UTF_8), new byte[0]);
            // the ratchet moved: save before the message leaves
            s.commitState(group, List.of());
            write(out, m);
            return Output.withGroup(Output.ok(), group);
        }
    }
}
