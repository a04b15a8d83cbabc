package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.group.Group;
import java.nio.file.Path;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export}: MLS-Exporter (RFC 9420 §8.5). */
@Command(name = "export", description = "Derive an exporter secret; prints it in hex.")
final class ExportCommand extends MemberCommand {
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--label", required = true) String label;
    @Option(names = "--context", required = true, paramLabel = "HEX") String context;
    @Option(names = "--length", required = true) int length;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = session(state)) {
            Group group = s.loadGroup(false);
            byte[] secret = group.export(label, HexFormat.of().parseHex(context), length);
            return Output.withGroup(Output.ok(), group).put("secret", Output.hex(secret));
        }
    }
}
