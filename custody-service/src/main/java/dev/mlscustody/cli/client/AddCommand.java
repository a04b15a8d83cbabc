package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.group.CommitOptions;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.Proposal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code add}: commit Add proposals for the given KeyPackages and write the Welcome. */
@Command(name = "add", description = "Add members: commit Add proposals and write the commit and the Welcome.")
final class AddCommand extends MemberCommand {
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--keypackage", required = true) List<Path> keyPackages;
    @Option(names = "--out-welcome", required = true) Path outWelcome;
    @Option(names = "--out-commit", required = true) Path outCommit;
    @Option(names = "--out-tree") Path outTree;
    @Option(names = "--ratchet-tree-ext", description = "Put the ratchet tree into the Welcome's GroupInfo.") boolean treeInWelcome;
    @Option(names = "--public", description = "Send the commit as a PublicMessage.") boolean publicMessage;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = session(state)) {
            Group group = s.loadGroup(publicMessage);
            List<Proposal> adds = new ArrayList<>();
            for (Path kp : keyPackages) {
                adds.add(new Add(readKeyPackage(kp)));
            }
            CommitOptions options = CommitOptions.defaults().withProposals(adds).withForcePath(false)
                    .withRatchetTreeInWelcome(treeInWelcome);
            return CommitFlow.commitAndMerge(s, group, options, outCommit, Optional.of(outWelcome), Optional.ofNullable(outTree));
        }
    }
}
