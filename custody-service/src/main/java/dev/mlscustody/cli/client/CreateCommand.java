package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.message.BasicCredential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code create}: a one-member group (RFC 9420 §11). */
@Command(name = "create", description = "Create a group with this member alone in it.")
final class CreateCommand extends MemberCommand {
    @Option(names = "--suite", required = true) int suite;
    @Option(names = "--identity", required = true) String identity;
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--group-id", paramLabel = "HEX") String groupId;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = sessionCreating(state)) {
            if (s.dir.hasGroup()) {
                throw new ClientException(state + " already holds a group");
            }
            CipherSuite cs = CipherSuite.of(suite);
            MemberDir.Profile profile = s.dir.profileFor(suite, identity, s.custody);
            byte[] id = groupId != null ? HexFormat.of().parseHex(groupId) : cs.randomBytes(16);
            Group group = Group.create(s.env(false), cs, id, new BasicCredential(identity.getBytes(StandardCharsets.UTF_8)),
                    s.custody.findSignatureKey(profile.signatureKey()), List.of());
            // the new leaf key is named by nothing until the state is saved
            MemberCommand.destroyingOnFailure(s, newKeys(group, profile), () -> {
                s.commitState(group, List.of());
                return null;
            });
            return Output.withGroup(Output.ok(), group);
        }
    }
}
