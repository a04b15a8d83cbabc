package dev.mlscustody.mls.group;

import dev.mlscustody.mls.tree.TreeKem;
import dev.mlscustody.mls.tree.PrivateTreeKeys;
import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.HpkeCiphertext;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.CommitContent;
import dev.mlscustody.mls.framing.FramedContent;
import dev.mlscustody.mls.framing.FramedContentAuthData;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.framing.WireFormat;
import dev.mlscustody.mls.message.Commit;
import dev.mlscustody.mls.message.EncryptedGroupSecrets;
import dev.mlscustody.mls.message.GroupInfo;
import dev.mlscustody.mls.message.GroupSecrets;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.PathSecret;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.ProposalOrRef;
import dev.mlscustody.mls.message.Remove;
import dev.mlscustody.mls.message.Update;
import dev.mlscustody.mls.message.Welcome;
import dev.mlscustody.mls.schedule.EpochSecrets;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.schedule.KeySchedule;
import dev.mlscustody.mls.schedule.SecretTree;
import dev.mlscustody.mls.schedule.TranscriptHash;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.LeafNodeSource;
import dev.mlscustody.mls.tree.RatchetTree;
import dev.mlscustody.mls.tree.TreeEditor;
import dev.mlscustody.mls.tree.UpdatePath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creating our commit, RFC 9420 §12.4.1, with its Welcome (§12.4.3.1) and GroupInfo: the
 * proposal list is validated like a received one, the UpdatePath uses a fresh leaf key from
 * custody, the commit is protected with the current epoch's keys, and the next epoch is held in
 * a {@link PendingCommit} until the delivery service accepts it.
 */
final class CommitBuilder {
    private CommitBuilder() {
    }

    static PendingCommit build(Group group, CommitOptions options) throws MlsException {
        return build(group, options, false);
    }

    /** @param reinitOrBranch the first commit of a reinitialized or branched group (§11.2, §11.3) */
    static PendingCommit build(Group group, CommitOptions options, boolean reinitOrBranch) throws MlsException {
        CipherSuite suite = group.suite();
        EpochState epoch = group.epochState();
        GroupEnvironment env = group.environment();
        int own = epoch.ownLeaf();
        Sender me = new Sender.Member(own);

        List<QueuedProposal> list = new ArrayList<>();
        List<ProposalOrRef> refs = new ArrayList<>();
        Set<Integer> removedByValue = new HashSet<>();
        for (Proposal p : options.byValue()) {
            if (p instanceof Remove r) {
                removedByValue.add((int) r.removed());
            }
        }
        if (options.includePending()) {
            // §12.2: prefer a Remove over an Update for the same leaf; skip our own Updates
            Set<Integer> removedPending = new HashSet<>(removedByValue);
            for (QueuedProposal qp : group.proposalStore().all()) {
                if (qp.proposal() instanceof Remove r) {
                    removedPending.add((int) r.removed());
                }
            }
            Set<Integer> touched = new HashSet<>(removedByValue);
            for (QueuedProposal qp : group.proposalStore().all()) {
                if (qp.proposal() instanceof Update) {
                    int leaf = (int) ((Sender.Member) qp.sender()).leafIndex();
                    if (leaf == own || removedPending.contains(leaf) || !touched.add(leaf)) {
                        continue;
                    }
                } else if (qp.proposal() instanceof Remove r) {
                    if ((int) r.removed() == own || !touched.add((int) r.removed())) {
                        continue;
                    }
                }
                list.add(qp);
                refs.add(new ProposalOrRef.ByReference(qp.reference().orElseThrow()));
            }
        }
        for (Proposal p : options.byValue()) {
            list.add(new QueuedProposal(p, me, Optional.empty()));
            refs.add(new ProposalOrRef.ByValue(p));
        }

        AppliedProposals applied = ProposalApplier.apply(suite, epoch.context(), epoch.tree(), list, me, env,
                reinitOrBranch);
        // before any custody key is made: a missing PSK must not leave a fresh leaf key behind
        byte[] pskSecret = Psks.secret(suite, applied.psks(), env, group::ownResumptionPsk);
        TreeEditor editor = applied.editor();
        boolean withPath = applied.pathRequired() || options.forcePath();
        byte[] commitSecret = KeySchedule.zeroSecret(suite);
        Optional<UpdatePath> path = Optional.empty();
        TreeKem.PathDraft created = null;
        HpkePrivateKey newLeafKey = null;
        Map<Integer, PrivateTreeKeys.NodeSecret> fresh = Map.of();
        List<KeyId> superseded = new ArrayList<>();
        List<KeyId> abandoned = new ArrayList<>();
        try {
            if (withPath) {
                newLeafKey = env.custody().generateHpkeKey(suite.kem());
                abandoned.add(newLeafKey.id());
                superseded.add(epoch.privateTree().leafKey().id());
                created = TreeKem.draftPath(editor, own);
                LeafNode current = epoch.leaf(own).orElseThrow();
                LeafNode unsigned = new LeafNode(newLeafKey.publicKey(), current.signatureKey(), current.credential(),
                        current.capabilities(), LeafNodeSource.COMMIT, Optional.empty(),
                        Optional.of(created.leafParentHash()), current.extensions(), new byte[0]);
                LeafNode leaf = unsigned.signedWith(suite, group.signer(), epoch.context().groupId(), own);
                editor.setLeaf(own, leaf);
                GroupContext provisional = epoch.context().next(editor.treeHash(), epoch.context().confirmedTranscriptHash(),
                    applied.extensions());
                path = Optional.of(TreeKem.encryptPath(editor, created, leaf, applied.added().keySet(),
                        provisional.toBytes()));
                commitSecret = created.commitSecret();
                fresh = created.nodeSecrets();
            }
            RatchetTree tree = editor.build();

            WireFormat wf = env.config().handshakeAsPrivateMessage() ? WireFormat.PRIVATE_MESSAGE : WireFormat.PUBLIC_MESSAGE;
            FramedContent content = new FramedContent(epoch.context().groupId(), epoch.epoch(), me,
                    options.authenticatedData(), new CommitContent(new Commit(refs, path)));
            byte[] signature = Framing.sign(suite, group.signer(), wf, content, epoch.context());
            byte[] confirmed = TranscriptHash.confirmedHash(suite, epoch.interimTranscriptHash(),
                    TranscriptHash.confirmedInput(wf.code(), content.toBytes(), signature));
            GroupContext context = epoch.context().next(tree.treeHash(), confirmed, applied.extensions());
            EpochSecrets secrets = KeySchedule.derive(suite, epoch.secrets().initSecret(), commitSecret, pskSecret,
                    context.toBytes());
            byte[] tag = secrets.confirmationTag(confirmed);
            AuthenticatedContent ac = new AuthenticatedContent(wf, content, new FramedContentAuthData(signature, Optional.of(tag)));
            MlsMessage commitMessage = wf == WireFormat.PUBLIC_MESSAGE
                    ? MlsMessage.of(Framing.protectPublic(suite, ac, epoch))
                    : MlsMessage.of(Framing.protectPrivate(suite, ac, epoch, env.config().paddingBlock()));
            byte[] interim = TranscriptHash.interimHash(suite, confirmed, tag);

            HpkePrivateKey leafKey = newLeafKey != null ? newLeafKey : epoch.privateTree().leafKey();
            PrivateTreeKeys privateTree = epoch.privateTree().next(tree, leafKey, fresh);
            SecretTree secretTree = new SecretTree(suite, secrets.encryptionSecret(), tree.leafCount(),
                    Group.ratchetPolicy(env.config()));
            EpochState next = new EpochState(context, tree, interim, tag, secrets, secretTree, privateTree);

            GroupInfo groupInfo = GroupInfos.create(suite, next, group.signer(), false, true);
            Optional<MlsMessage> welcome = Optional.empty();
            if (!applied.added().isEmpty()) {
                // without ratchet_tree the Welcome's GroupInfo is the published one: do not sign it twice
                GroupInfo welcomeInfo = options.ratchetTreeInWelcome()
                        ? GroupInfos.create(suite, next, group.signer(), true, true)
                        : groupInfo;
                welcome = Optional.of(MlsMessage.of(welcome(suite, secrets, welcomeInfo, applied, created, own, pskSecret)));
            }
            return new PendingCommit(next, new CommitOutput(commitMessage, welcome, MlsMessage.of(groupInfo)), superseded,
                    abandoned, applied.reinit());
        } catch (MlsException | RuntimeException e) {
            // the commit was never handed out: the leaf key made for it must not outlive it
            if (newLeafKey != null) {
                env.custody().destroyAfterFailure(e, List.of(newLeafKey.id()));
            }
            throw e;
        }
    }

    /** §12.4.3.1: one Welcome for all added members; the encrypted GroupInfo is computed once. */
    static Welcome welcome(CipherSuite suite, EpochSecrets secrets, GroupInfo groupInfo, AppliedProposals applied,
                           TreeKem.PathDraft created, int own, byte[] pskSecret) throws MlsException {
        byte[] welcomeSecret = KeySchedule.welcomeSecret(suite, secrets.joinerSecret(), pskSecret);
        byte[] encryptedGroupInfo = suite.seal(KeySchedule.welcomeKey(suite, welcomeSecret),
                KeySchedule.welcomeNonce(suite, welcomeSecret), new byte[0], groupInfo.toBytes());
        // the EncryptContext holds the whole encrypted GroupInfo: hash it once for all joiners
        var context = suite.prepareEncryptContext("Welcome", encryptedGroupInfo);
        List<Map.Entry<Integer, KeyPackage>> joiners = new ArrayList<>(applied.added().entrySet());
        List<EncryptedGroupSecrets> entries = Parallel.map(joiners, e -> {
            byte[] pathSecret = created == null ? null : created.pathSecretFor(e.getKey()).orElse(null);
            GroupSecrets gs = new GroupSecrets(secrets.joinerSecret(),
                    pathSecret == null ? Optional.empty() : Optional.of(new PathSecret(pathSecret)), applied.psks());
            HpkeCiphertext ct = suite.encryptWithLabel(e.getValue().initKey(), context, gs.toBytes());
            return new EncryptedGroupSecrets(Crypto.keyPackageRef(suite, e.getValue().toBytes()), ct);
        });
        return new Welcome(suite.id(), entries, encryptedGroupInfo);
    }
}
