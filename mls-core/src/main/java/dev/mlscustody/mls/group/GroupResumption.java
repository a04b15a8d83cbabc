package dev.mlscustody.mls.group;

import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.Credential;
import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.PreSharedKeyProposal;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.ReInit;
import dev.mlscustody.mls.message.ResumptionPskUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reinitialization (RFC 9420 §11.2) and subgroup branching (§11.3): a new group whose first
 * commit adds the members and injects a resumption PSK of the old group (usage reinit or branch,
 * the old group's current epoch). The new group comes back with that commit pending.
 */
final class GroupResumption {
    private GroupResumption() {
    }

    static Resumed branch(Group old, byte[] newGroupId, List<KeyPackage> members, List<Extension> extensions)
            throws MlsException {
        old.requireOperational();
        Credential credential = old.epochState().leaf(old.ownLeafIndex()).orElseThrow().credential();
        return start(old, old.suite(), newGroupId, credential, old.signer(), members, extensions, ResumptionPskUsage.BRANCH);
    }

    static Resumed reinit(Group old, SignatureKey signer, Credential credential, List<KeyPackage> members)
            throws MlsException {
        if (old.status() != Group.Status.REINIT || old.reinitProposal().isEmpty()) {
            throw new GroupStateException(GroupStateException.Reason.NOT_ALLOWED,
                    "reinitialization needs a merged commit with a ReInit proposal");
        }
        ReInit ri = old.reinitProposal().get();
        CipherSuite suite = WelcomeJoiner.suiteOf(ri.cipherSuite());
        return start(old, suite, ri.groupId(), credential, signer, members, ri.extensions(), ResumptionPskUsage.REINIT);
    }

    private static Resumed start(Group old, CipherSuite suite, byte[] groupId, Credential credential, SignatureKey signer,
                                 List<KeyPackage> members, List<Extension> extensions, ResumptionPskUsage usage)
            throws MlsException {
        byte[] oldId = old.groupId();
        GroupEnvironment.ResumptionPsks outer = old.environment().resumptionPsks();
        GroupEnvironment env = old.environment().withResumptionPsks((gid, epoch) ->
                Arrays.equals(gid, oldId) ? old.resumptionPsk(epoch) : outer.resumptionPsk(gid, epoch));
        Group group = GroupCreation.create(env, suite, groupId, credential, signer, extensions);
        List<Proposal> proposals = new ArrayList<>();
        for (KeyPackage kp : members) {
            proposals.add(new Add(kp));
        }
        proposals.add(new PreSharedKeyProposal(new PreSharedKeyId.Resumption(usage, oldId, old.epoch(),
                suite.randomBytes(suite.hashLength()))));
        CommitOutput out = group.commitInternal(CommitOptions.defaults().withProposals(proposals), true);
        return new Resumed(group, out);
    }

    /** The new group (its first commit pending) and that commit's output (Welcome for the members). */
    record Resumed(Group group, CommitOutput output) {
    }
}
