package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.group.Group;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code propose}: send a proposal on its own (RFC 9420 §12.1); it is kept for our next commit. */
@Command(name = "propose", description = "Send an add, remove or psk proposal.")
final class ProposeCommand extends MemberCommand {
    enum Type { add, remove, psk }

    @Option(names = "--state", required = true) Path state;
    @Option(names = "--type", required = true) Type type;
    @Option(names = "--keypackage") Path keyPackage;
    @Option(names = "--leaf") Integer leaf;
    @Option(names = "--psk-id", paramLabel = "HEX") String pskId;
    @Option(names = "--out", required = true) Path out;
    @Option(names = "--public", description = "Send the proposal as a PublicMessage.") boolean publicMessage;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = session(state)) {
            Group group = s.loadGroup(publicMessage);
            MlsMessage m = switch (type) {
                case add -> group.propose().add(readKeyPackage(require(keyPackage, "--keypackage")));
                case remove -> group.propose().remove(require(leaf, "--leaf"));
                case psk -> group.propose().externalPsk(HexFormat.of().parseHex(require(pskId, "--psk-id")));
            };
            s.commitState(group, List.of());
            write(out, m);
            return Output.withGroup(Output.ok(), group).put("kind", "proposal");
        }
    }

    private <T> T require(T value, String option) throws ClientException {
        if (value == null) {
            throw new ClientException("--type " + type + " needs " + option);
        }
        return value;
    }
}
