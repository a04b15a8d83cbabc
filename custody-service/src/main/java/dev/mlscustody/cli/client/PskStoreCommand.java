package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code psk-store}: keep an external PSK (RFC 9420 §8.4) for later commits and joins. */
@Command(name = "psk-store", description = "Store an external PSK under its id.")
final class PskStoreCommand extends MemberCommand {
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--id", required = true, paramLabel = "HEX") String id;
    @Option(names = "--secret", required = true, paramLabel = "HEX") String secret;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = sessionCreating(state)) {
            s.psks.put(HexFormat.of().parseHex(id), HexFormat.of().parseHex(secret));
            return Output.ok().put("pskId", id);
        }
    }
}
