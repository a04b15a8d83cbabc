package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.group.ExternalJoin;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.message.BasicCredential;
import dev.mlscustody.mls.message.GroupInfo;
import dev.mlscustody.mls.tree.RatchetTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code external-join}: join by external commit from a GroupInfo (RFC 9420 §12.4.3.2). */
@Command(name = "external-join", description = "Join a group by external commit from its GroupInfo; writes the commit.")
final class ExternalJoinCommand extends MemberCommand {
    @Option(names = "--suite", required = true) int suite;
    @Option(names = "--identity", required = true) String identity;
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--group-info", required = true) Path groupInfoFile;
    @Option(names = "--tree") Path treeFile;
    @Option(names = "--out", required = true) Path out;
    @Option(names = "--public", description = "Kept for symmetry: external commits are always PublicMessages.") boolean publicMessage;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = sessionCreating(state)) {
            if (s.dir.hasGroup()) {
                throw new ClientException(state + " already holds a group");
            }
            if (!(readMessage(groupInfoFile).body() instanceof MlsMessage.GroupInfoBody gib)) {
                throw new ClientException(groupInfoFile + " is not a GroupInfo");
            }
            GroupInfo groupInfo = gib.message();
            CipherSuite cs = CipherSuite.of(suite);
            MemberDir.Profile profile = s.dir.profileFor(suite, identity, s.custody);
            Optional<RatchetTree> tree = treeFile == null ? Optional.empty()
                    : Optional.of(RatchetTree.decode(cs, Files2.read(treeFile, "ratchet tree")));
            ExternalJoin join = Group.joinByExternalCommit(groupInfo, tree, new BasicCredential(identity.getBytes(StandardCharsets.UTF_8)),
                    s.custody.findSignatureKey(profile.signatureKey()), OptionalInt.empty(), List.of(), s.env(true));
            // the new leaf key is named by nothing until the state is saved
            MemberCommand.destroyingOnFailure(s, newKeys(join.group(), profile), () -> {
                write(out, join.commit());
                s.commitState(join.group(), List.of());
                return null;
            });
            return Output.withGroup(Output.ok(), join.group()).put("kind", "commit");
        }
    }
}
