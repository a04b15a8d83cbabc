package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.group.CommitOptions;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.PreSharedKeyProposal;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.Remove;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code commit}: commits the pending proposals by reference plus the given ones by value, always
 * with an UpdatePath (a full commit, RFC 9420 §12.4); with no proposals it is a self-update.
 */
@Command(name = "commit", description = "Commit pending proposals plus the given ones; with none, a self-update with a path.")
final class CommitCommand extends MemberCommand {
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--out", required = true) Path out;
    @Option(names = "--public", description = "Send the commit as a PublicMessage.") boolean publicMessage;
    @Option(names = "--ratchet-tree-ext", description = "Put the ratchet tree into the Welcome's GroupInfo.") boolean treeInWelcome;
    @Option(names = "--keypackage") List<Path> keyPackages = new ArrayList<>();
    @Option(names = "--out-welcome") Path outWelcome;
    @Option(names = "--remove-leaf") List<Integer> removeLeaves = new ArrayList<>();
    @Option(names = "--psk-id", paramLabel = "HEX", description = "An external PSK (stored with psk-store) to inject.") List<String> pskIds = new ArrayList<>();

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = session(state)) {
            Group group = s.loadGroup(publicMessage);
            List<Proposal> proposals = new ArrayList<>();
            for (Path kp : keyPackages) {
                proposals.add(new Add(readKeyPackage(kp)));
            }
            for (int leaf : removeLeaves) {
                proposals.add(new Remove(leaf));
            }
            for (String id : pskIds) {
                byte[] nonce = group.cipherSuite().randomBytes(group.cipherSuite().hashLength());
                proposals.add(new PreSharedKeyProposal(new PreSharedKeyId.External(HexFormat.of().parseHex(id), nonce)));
            }
            CommitOptions options = CommitOptions.defaults().withProposals(proposals).withForcePath(true)
                    .withRatchetTreeInWelcome(treeInWelcome);
            return CommitFlow.commitAndMerge(s, group, options, out, Optional.ofNullable(outWelcome), Optional.empty());
        }
    }
}
