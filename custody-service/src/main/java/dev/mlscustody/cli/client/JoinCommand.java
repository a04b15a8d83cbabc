package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.group.StagedWelcome;
import dev.mlscustody.mls.message.EncryptedGroupSecrets;
import dev.mlscustody.mls.message.Welcome;
import dev.mlscustody.mls.tree.RatchetTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code join}: join from a Welcome addressed to one of this member's KeyPackages (RFC 9420 §12.4.3.1). */
@Command(name = "join", description = "Join a group from a Welcome for one of this member's KeyPackages.")
final class JoinCommand extends MemberCommand {
    @Option(names = "--state", required = true) Path state;
    @Option(names = "--welcome", required = true) Path welcomeFile;
    @Option(names = "--tree", description = "The ratchet tree, when the Welcome does not carry it.") Path treeFile;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = session(state)) {
            if (s.dir.hasGroup()) {
                throw new ClientException(state + " already holds a group");
            }
            if (!(readMessage(welcomeFile).body() instanceof MlsMessage.WelcomeBody wb)) {
                throw new ClientException(welcomeFile + " is not a Welcome");
            }
            Welcome welcome = wb.message();
            CipherSuite suite = CipherSuite.of(welcome.cipherSuite());
            MemberDir.StoredKeyPackage ours = findOurs(s, welcome, suite);
            Optional<RatchetTree> tree = treeFile == null ? Optional.empty()
                    : Optional.of(RatchetTree.decode(suite, Files2.read(treeFile, "ratchet tree")));
            StagedWelcome staged = Group.stageWelcome(welcome, ours.bundle(), tree, s.env(false));
            Group group = staged.join(s.env(false));
            List<KeyId> superseded = new ArrayList<>(staged.keysToDestroy());
            s.commitState(group, superseded);
            if (!ours.bundle().lastResort()) {
                s.dir.deleteKeyPackage(ours);
            }
            return Output.withGroup(Output.ok(), group);
        }
    }

    private static MemberDir.StoredKeyPackage findOurs(ClientSession s, Welcome welcome, CipherSuite suite) throws Exception {
        for (MemberDir.StoredKeyPackage kp : s.dir.keyPackages(s.custody, s.signer())) {
            if (kp.bundle().keyPackage().cipherSuite() != suite.id()) {
                continue;
            }
            byte[] ref = suite.refHash("MLS 1.0 KeyPackage Reference", kp.bundle().keyPackage().toBytes());
            for (EncryptedGroupSecrets e : welcome.secrets()) {
                if (Arrays.equals(e.newMember(), ref)) {
                    return kp;
                }
            }
        }
        throw new ClientException("the Welcome is not addressed to any KeyPackage of this member");
    }
}
