package dev.mlscustody.mls.group;

import dev.mlscustody.mls.tree.TreeKem;
import dev.mlscustody.mls.tree.PrivateTreeKeys;
import static dev.mlscustody.mls.ValidationException.Reason.BAD_SIGNATURE;
import static dev.mlscustody.mls.ValidationException.Reason.INVALID_GROUP_INFO;

import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.Hpke;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.CommitContent;
import dev.mlscustody.mls.framing.FramedContent;
import dev.mlscustody.mls.framing.FramedContentAuthData;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.PublicMessage;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.framing.WireFormat;
import dev.mlscustody.mls.message.Commit;
import dev.mlscustody.mls.message.Credential;
import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.ExtensionType;
import dev.mlscustody.mls.message.ExternalInit;
import dev.mlscustody.mls.message.ExternalPub;
import dev.mlscustody.mls.message.GroupInfo;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.PreSharedKeyProposal;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.ProposalOrRef;
import dev.mlscustody.mls.message.Remove;
import dev.mlscustody.mls.schedule.EpochSecrets;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.schedule.KeySchedule;
import dev.mlscustody.mls.schedule.SecretTree;
import dev.mlscustody.mls.schedule.TranscriptHash;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.LeafNodeSource;
import dev.mlscustody.mls.tree.RatchetTree;
import dev.mlscustody.mls.tree.TreeEditor;
import dev.mlscustody.mls.tree.TreeValidator;
import dev.mlscustody.mls.tree.UpdatePath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Joining by external commit, RFC 9420 §12.4.3.2 and §8.3: from a GroupInfo with external_pub,
 * encapsulate to it (kem_output in an ExternalInit, init_secret from the HPKE exporter), take the
 * leftmost blank leaf, send a full commit signed as new_member_commit, optionally removing our
 * old leaf (resync) and with external PSKs.
 */
final class ExternalCommitBuilder {
    private ExternalCommitBuilder() {
    }

    static ExternalJoin join(GroupInfo groupInfo, Optional<RatchetTree> externalTree, Credential credential,
                             SignatureKey signer, OptionalInt resyncLeaf, List<PreSharedKeyId> psks,
                             GroupEnvironment env) throws MlsException {
        CipherSuite suite = WelcomeJoiner.suiteOf(groupInfo.groupContext().cipherSuite());
        GroupContext context = groupInfo.groupContext();
        RatchetTree tree = WelcomeJoiner.treeOf(suite, groupInfo, externalTree);
        if (groupInfo.signer() >= tree.leafCount() || tree.leafNode((int) groupInfo.signer()).isEmpty()) {
            throw new ValidationException(INVALID_GROUP_INFO, "GroupInfo signer is not a member");
        }
        if (!Crypto.verify(suite, tree.leafNode((int) groupInfo.signer()).orElseThrow().signatureKey(), "GroupInfoTBS",
                groupInfo.encodeTbs(), groupInfo.signature())) {
            throw new ValidationException(BAD_SIGNATURE, "GroupInfo signature does not verify");
        }
        TreeValidator.validate(tree, context.groupId(), context.treeHash(),
                WelcomeJoiner.requirements(context.extensions(), env.config(), false));
        Extension pubExt = Extension.find(groupInfo.extensions(), ExtensionType.EXTERNAL_PUB).orElseThrow(
                () -> new ValidationException(INVALID_GROUP_INFO, "the GroupInfo has no external_pub extension"));
        byte[] externalPub;
        try {
            externalPub = ExternalPub.fromExtension(pubExt).externalPub();
        } catch (DecodeException e) {
            throw new ValidationException(INVALID_GROUP_INFO, "malformed external_pub extension");
        }
        // §8.3: kem_output, context = SetupBaseS(external_pub, ""); init_secret = context.export(...)
        Hpke.SenderSetup setup = suite.hpke().setupBaseS(externalPub, new byte[0]);
        byte[] initSecret = setup.context().export("MLS 1.0 external init secret".getBytes(StandardCharsets.US_ASCII),
                suite.hashLength());

        List<Proposal> proposals = new ArrayList<>();
        proposals.add(new ExternalInit(setup.enc()));
        if (resyncLeaf.isPresent()) {
            proposals.add(new Remove(resyncLeaf.getAsInt()));
        }
        for (PreSharedKeyId psk : psks) {
            proposals.add(new PreSharedKeyProposal(psk));
        }
        Sender me = new Sender.NewMemberCommit();
        List<QueuedProposal> queued = new ArrayList<>();
        List<ProposalOrRef> refs = new ArrayList<>();
        for (Proposal p : proposals) {
            queued.add(new QueuedProposal(p, me, Optional.empty()));
            refs.add(new ProposalOrRef.ByValue(p));
        }
        AppliedProposals applied = ProposalApplier.apply(suite, context, tree, queued, me, env, false);
        TreeEditor editor = applied.editor();

        var caps = KeyPackageFactory.capabilities(suite, credential, KeyPackageFactory.Options.defaults());
        // §13: a joiner that does not support every GroupContext extension treats the GroupInfo as invalid
        ProposalApplier.requireContextExtensionsSupported(caps, context.extensions(), INVALID_GROUP_INFO, "this client");
        HpkePrivateKey leafKey = env.custody().generateHpkeKey(suite.kem());
        try {
            LeafNode placeholder = new LeafNode(leafKey.publicKey(), signer.publicKey(), credential, caps,
                    LeafNodeSource.COMMIT, Optional.empty(), Optional.of(new byte[0]), List.of(), new byte[0]);
            int own = editor.addLeaf(placeholder);
            TreeKem.PathDraft created = TreeKem.draftPath(editor, own);
            LeafNode unsigned = new LeafNode(leafKey.publicKey(), signer.publicKey(), credential, caps,
                    LeafNodeSource.COMMIT, Optional.empty(), Optional.of(created.leafParentHash()), List.of(), new byte[0]);
            LeafNode leaf = unsigned.signedWith(suite, signer, context.groupId(), own);
            applied.leafValidator().validate(leaf, LeafNodeSource.COMMIT, own, ProposalApplier.lifetimes(env.config(), true),
                    applied.members());
            editor.setLeaf(own, leaf);
            GroupContext provisional = context.next(editor.treeHash(), context.confirmedTranscriptHash(), applied.extensions());
            UpdatePath path = TreeKem.encryptPath(editor, created, leaf, java.util.Set.of(), provisional.toBytes());
            RatchetTree newTree = editor.build();

            FramedContent content = new FramedContent(context.groupId(), context.epoch(), me, new byte[0],
                    new CommitContent(new Commit(refs, Optional.of(path))));
            byte[] signature = Framing.sign(suite, signer, WireFormat.PUBLIC_MESSAGE, content, context);
            byte[] interimBefore = TranscriptHash.interimHash(suite, context.confirmedTranscriptHash(),
                    groupInfo.confirmationTag());
            byte[] confirmed = TranscriptHash.confirmedHash(suite, interimBefore,
                    TranscriptHash.confirmedInput(WireFormat.PUBLIC_MESSAGE.code(), content.toBytes(), signature));
            GroupContext next = context.next(newTree.treeHash(), confirmed, applied.extensions());
            byte[] pskSecret = Psks.secret(suite, applied.psks(), env, (g, e) -> Optional.empty());
            EpochSecrets secrets = KeySchedule.derive(suite, initSecret, created.commitSecret(), pskSecret, next.toBytes());
            byte[] tag = secrets.confirmationTag(confirmed);
            AuthenticatedContent ac = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content,
                    new FramedContentAuthData(signature, Optional.of(tag)));
            MlsMessage commit = MlsMessage.of(PublicMessage.of(ac, Optional.empty()));
            EpochState epoch = new EpochState(next, newTree, TranscriptHash.interimHash(suite, confirmed, tag), tag,
                    secrets, new SecretTree(suite, secrets.encryptionSecret(), newTree.leafCount(),
                    Group.ratchetPolicy(env.config())), PrivateTreeKeys.ofLeaf(suite, own, leafKey).withNodeSecrets(created.nodeSecrets()));
            return new ExternalJoin(commit, new Group(env, suite, signer, epoch), List.of(leafKey.id()));
        } catch (MlsException | RuntimeException e) {
            env.custody().destroyAfterFailure(e, List.of(leafKey.id()));
            throw e;
        }
    }
}
