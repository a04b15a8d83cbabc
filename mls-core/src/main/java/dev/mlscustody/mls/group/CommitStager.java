package dev.mlscustody.mls.group;

import dev.mlscustody.mls.tree.TreeKem;
import dev.mlscustody.mls.tree.PrivateTreeKeys;
import static dev.mlscustody.mls.ValidationException.Reason.BAD_CONFIRMATION_TAG;
import static dev.mlscustody.mls.ValidationException.Reason.INVALID_COMMIT;
import static dev.mlscustody.mls.ValidationException.Reason.INVALID_LEAF_NODE;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.CommitContent;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.message.Commit;
import dev.mlscustody.mls.message.ExternalInit;
import dev.mlscustody.mls.message.ProposalOrRef;
import dev.mlscustody.mls.schedule.EpochSecrets;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.schedule.KeySchedule;
import dev.mlscustody.mls.schedule.SecretTree;
import dev.mlscustody.mls.schedule.TranscriptHash;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.LeafNodeSource;
import dev.mlscustody.mls.tree.RatchetTree;
import dev.mlscustody.mls.tree.TreeEditor;
import dev.mlscustody.mls.tree.TreeView;
import dev.mlscustody.mls.tree.UpdatePath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Processing a received commit, RFC 9420 §12.4.2, into an inert {@link StagedCommit}: resolve
 * the proposals (by value or by ProposalRef), validate and apply them (§12.2, §12.3), check that
 * a path is present when required, validate and merge the UpdatePath, decrypt our path secret,
 * update the transcript hashes, run the key schedule (with the external init secret for an
 * external commit, §8.3) and verify the confirmation tag. Nothing of the group changes here.
 */
final class CommitStager {
    private CommitStager() {
    }

    static StagedCommit stage(Group group, AuthenticatedContent ac) throws ValidationException, CryptoException {
        CipherSuite suite = group.suite();
        EpochState epoch = group.epochState();
        GroupEnvironment env = group.environment();
        Commit commit = ((CommitContent) ac.content().body()).commit();
        Sender sender = ac.content().sender();
        boolean external = sender instanceof Sender.NewMemberCommit;
        if (sender instanceof Sender.Member m && m.leafIndex() == epoch.ownLeaf()) {
            throw new ValidationException(INVALID_COMMIT, "this is our own commit: merge the pending commit instead");
        }

        List<QueuedProposal> proposals = new ArrayList<>();
        for (ProposalOrRef por : commit.proposals()) {
            switch (por) {
                case ProposalOrRef.ByValue v -> proposals.add(new QueuedProposal(v.proposal(), sender, Optional.empty()));
                case ProposalOrRef.ByReference r -> {
                    if (external) {
                        throw new ValidationException(INVALID_COMMIT, "an external commit cannot include proposals by reference");
                    }
                    proposals.add(group.proposalStore().find(r.reference()).orElseThrow(
                            () -> new ValidationException(INVALID_COMMIT, "unknown proposal reference")));
                }
            }
        }
        AppliedProposals applied = ProposalApplier.apply(suite, epoch, proposals, sender, env);
        if (applied.pathRequired() && commit.path().isEmpty()) {
            throw new ValidationException(INVALID_COMMIT, "this commit requires a path (§12.4)");
        }
        TreeEditor editor = applied.editor();
        int ownLeaf = epoch.ownLeaf();
        boolean removesUs = applied.removed().contains(ownLeaf);

        HpkePrivateKey leafKey = epoch.privateTree().leafKey();
        HpkePrivateKey newOwnLeafKey = null;
        if (!removesUs && applied.updatedBy().containsKey(ownLeaf)) {
            byte[] ref = applied.updatedBy().get(ownLeaf).orElse(null);
            newOwnLeafKey = ref == null ? null : group.ownUpdateKey(ref);
            if (newOwnLeafKey == null) {
                throw new ValidationException(INVALID_COMMIT, "an Update of our leaf that we did not send");
            }
            leafKey = newOwnLeafKey;
        }
        // our own Update committed by someone else: the path is encrypted to our new leaf key
        PrivateTreeKeys ours = newOwnLeafKey == null ? epoch.privateTree()
                : epoch.privateTree().withLeafKey(newOwnLeafKey);
        int committer;
        byte[] commitSecret = KeySchedule.zeroSecret(suite);
        Map<Integer, PrivateTreeKeys.NodeSecret> fresh = Map.of();
        byte[] newTreeHashContext;
        if (commit.path().isPresent()) {
            UpdatePath path = commit.path().get();
            LeafNode leaf = path.leafNode();
            if (external) {
                committer = editor.leftmostBlankLeaf();
            } else {
                committer = (int) ((Sender.Member) sender).leafIndex();
                if (Arrays.equals(epoch.leaf(committer).orElseThrow().encryptionKey(), leaf.encryptionKey())) {
                    throw new ValidationException(INVALID_LEAF_NODE, "commit leaf keeps the committer's encryption key");
                }
            }
            applied.leafValidator().validate(leaf, LeafNodeSource.COMMIT, committer,
                    ProposalApplier.lifetimes(env.config(), false), applied.members());
            if (external) {
                int placed = editor.addLeaf(leaf);
                if (placed != committer) {
                    throw new IllegalStateException("external joiner placed at " + placed + ", expected " + committer);
                }
            }
            List<TreeView.PathStep> steps = TreeKem.mergeUpdatePath(editor, committer, path, applied.added().keySet());
            GroupContext provisional = epoch.context().next(editor.treeHash(), epoch.context().confirmedTranscriptHash(),
                    applied.extensions());
            if (!removesUs) {
                TreeKem.DecryptedPath d = TreeKem.decryptPath(editor, steps, path, ours,
                        applied.added().keySet(), provisional.toBytes());
                commitSecret = d.commitSecret();
                fresh = d.nodeSecrets();
            }
        } else {
            if (external) {
                throw new ValidationException(INVALID_COMMIT, "an external commit requires a path");
            }
            committer = (int) ((Sender.Member) sender).leafIndex();
        }
        RatchetTree tree = editor.build();

        byte[] confirmedInput = TranscriptHash.confirmedInput(ac.wireFormat().code(), ac.content().toBytes(),
                ac.auth().signature());
        byte[] confirmed = TranscriptHash.confirmedHash(suite, epoch.interimTranscriptHash(), confirmedInput);
        GroupContext context = epoch.context().next(tree.treeHash(), confirmed, applied.extensions());
        byte[] tag = ac.auth().confirmationTag().orElseThrow();

        if (removesUs) {
            return new StagedCommit(epoch, epoch.epoch(), committer, Optional.empty(), applied.added(), applied.removed(),
                    applied.updatedBy().keySet(), applied.psks(), applied.reinit(), external, null);
        }
        byte[] initSecret = applied.externalInit().isPresent()
                ? externalInitSecret(suite, epoch.secrets(), applied.externalInit().get())
                : epoch.secrets().initSecret();
        byte[] pskSecret = Psks.secret(suite, applied.psks(), env, group::ownResumptionPsk);
        EpochSecrets secrets = KeySchedule.derive(suite, initSecret, commitSecret, pskSecret, context.toBytes());
        if (!TranscriptHash.verifyConfirmationTag(suite, secrets.confirmationKey(), confirmed, tag)) {
            throw new ValidationException(BAD_CONFIRMATION_TAG, "confirmation tag does not verify");
        }
        byte[] interim = TranscriptHash.interimHash(suite, confirmed, tag);

        PrivateTreeKeys privateTree = epoch.privateTree().next(tree, leafKey, fresh);
        SecretTree secretTree = new SecretTree(suite, secrets.encryptionSecret(), tree.leafCount(),
                Group.ratchetPolicy(env.config()));
        EpochState next = new EpochState(context, tree, interim, tag, secrets, secretTree, privateTree);
        return new StagedCommit(epoch, epoch.epoch(), committer, Optional.of(next), applied.added(), applied.removed(),
                applied.updatedBy().keySet(), applied.psks(), applied.reinit(), external, newOwnLeafKey);
    }

    /**
     * §8.3: the members' side of the external init: {@code external_priv} is derived from
     * external_secret; the init_secret is the HPKE export of the context set up from kem_output.
     */
    static byte[] externalInitSecret(CipherSuite suite, EpochSecrets secrets, ExternalInit ei)
            throws ValidationException {
        try {
            HpkePrivateKey externalPriv = suite.deriveHpkeKeyPair(secrets.externalSecret());
            return suite.hpke().setupBaseR(ei.kemOutput(), externalPriv, new byte[0])
                    .export("MLS 1.0 external init secret".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                            suite.hashLength());
        } catch (CryptoException e) {
            throw new ValidationException(INVALID_COMMIT, "cannot decapsulate the ExternalInit kem_output");
        }
    }
}
