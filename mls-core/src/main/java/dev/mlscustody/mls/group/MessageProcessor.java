package dev.mlscustody.mls.group;

import static dev.mlscustody.mls.ValidationException.Reason.INVALID_PROPOSAL;
import static dev.mlscustody.mls.ValidationException.Reason.WRONG_EPOCH;
import static dev.mlscustody.mls.ValidationException.Reason.WRONG_GROUP;
import static dev.mlscustody.mls.ValidationException.Reason.WRONG_WIRE_FORMAT;

import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.framing.ApplicationData;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.CommitContent;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.PrivateMessage;
import dev.mlscustody.mls.framing.ProposalContent;
import dev.mlscustody.mls.framing.PublicMessage;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.framing.Unprotected;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.ExternalInit;
import dev.mlscustody.mls.message.GroupContextExtensions;
import dev.mlscustody.mls.message.PreSharedKeyProposal;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.ReInit;
import dev.mlscustody.mls.message.Remove;
import dev.mlscustody.mls.message.Update;
import dev.mlscustody.mls.tree.LeafNodeSource;
import dev.mlscustody.mls.tree.LeafNodeValidator;
import dev.mlscustody.mls.tree.MemberIndex;
import java.util.Arrays;
import java.util.Optional;

/**
 * The incoming half of the state machine (RFC 9420 §6, §12.1, §12.4.2): unprotect, check group
 * and epoch, verify, then hand the content to the proposal cache, the commit stager or the
 * application. One validation stage per type: MlsMessage, then AuthenticatedContent (verified),
 * then {@link ProcessedMessage}.
 */
final class MessageProcessor {
    private MessageProcessor() {
    }

    static ProcessedMessage process(Group group, MlsMessage message) throws MlsException {
        return switch (message.body()) {
            case MlsMessage.PublicMessageBody p -> processPublic(group, p.message());
            case MlsMessage.PrivateMessageBody p -> processPrivate(group, p.message());
            case MlsMessage.WelcomeBody w -> throw wrongFormat("a Welcome is processed with Group.stageWelcome");
            case MlsMessage.GroupInfoBody g -> throw wrongFormat("a GroupInfo is not a group message");
            case MlsMessage.KeyPackageBody k -> throw wrongFormat("a KeyPackage is not a group message");
        };
    }

    private static ValidationException wrongFormat(String why) {
        return new ValidationException(WRONG_WIRE_FORMAT, why);
    }

    private static void checkGroup(Group group, byte[] groupId) throws ValidationException {
        if (!Arrays.equals(groupId, group.groupId())) {
            throw new ValidationException(WRONG_GROUP, "message for another group");
        }
    }

    private static ProcessedMessage processPublic(Group group, PublicMessage msg) throws MlsException {
        checkGroup(group, msg.content().groupId());
        EpochState epoch = group.epochState();
        if (msg.content().epoch() != epoch.epoch()) {
            throw new ValidationException(WRONG_EPOCH, "PublicMessage for epoch "
                    + Long.toUnsignedString(msg.content().epoch()) + ", group is at " + epoch.epoch());
        }
        requireNotClosed(group);
        return handle(group, Framing.verifyPublic(group.suite(), msg, epoch));
    }

    private static ProcessedMessage processPrivate(Group group, PrivateMessage msg) throws MlsException {
        checkGroup(group, msg.groupId());
        EpochState epoch = group.epochState();
        if (msg.epoch() != epoch.epoch()) {
            if (msg.contentType() != dev.mlscustody.mls.framing.ContentType.APPLICATION) {
                throw new ValidationException(WRONG_EPOCH, "handshake message for epoch "
                        + Long.toUnsignedString(msg.epoch()) + ", group is at " + epoch.epoch());
            }
            EpochState past = group.pastEpochs().stream().filter(e -> e.epoch() == msg.epoch()).findFirst()
                    .orElseThrow(() -> new ValidationException(
                            msg.epoch() < epoch.epoch() ? ValidationException.Reason.EPOCH_TOO_OLD : WRONG_EPOCH,
                            "no keys for epoch " + Long.toUnsignedString(msg.epoch())));
            return handle(group, Framing.decryptPrivate(group.suite(), msg, past));
        }
        if (msg.contentType() != dev.mlscustody.mls.framing.ContentType.APPLICATION) {
            requireNotClosed(group);
        }
        return handle(group, Framing.decryptPrivate(group.suite(), msg, epoch));
    }

    private static void requireNotClosed(Group group) throws GroupStateException {
        if (group.status() == Group.Status.INACTIVE) {
            throw new GroupStateException(GroupStateException.Reason.INACTIVE, "we were removed from the group");
        }
    }

    /** Handles verified content; its key is consumed only once the message is accepted. */
    private static ProcessedMessage handle(Group group, Unprotected unprotected) throws MlsException {
        AuthenticatedContent ac = unprotected.content();
        ProcessedMessage out = switch (ac.content().body()) {
            case ApplicationData a -> new ProcessedMessage.Application(
                    (int) ((Sender.Member) ac.content().sender()).leafIndex(), ac.content().epoch(), a.data(),
                    ac.content().authenticatedData());
            case ProposalContent p -> {
                if (group.status() == Group.Status.REINIT) {
                    throw new GroupStateException(GroupStateException.Reason.REINIT_PENDING,
                            "the group was closed by a ReInit");
                }
                QueuedProposal qp = checkProposal(group, ac, p.proposal());
                group.storeProposal(qp.reference().orElseThrow(), qp);
                yield new ProcessedMessage.ProposalReceived(qp);
            }
            case CommitContent c -> {
                if (group.status() == Group.Status.REINIT) {
                    throw new GroupStateException(GroupStateException.Reason.REINIT_PENDING,
                            "the group was closed by a ReInit");
                }
                yield new ProcessedMessage.CommitStaged(CommitStager.stage(group, ac));
            }
        };
        unprotected.consume();
        return out;
    }

    /**
     * §12.1: the checks a proposal must pass on its own before it is cached; the list rules of
     * §12.2 are applied when a commit references it.
     */
    static QueuedProposal checkProposal(Group group, AuthenticatedContent ac, Proposal proposal)
            throws ValidationException {
        CipherSuite suite = group.suite();
        EpochState epoch = group.epochState();
        GroupEnvironment env = group.environment();
        Sender sender = ac.content().sender();
        switch (proposal) {
            case Add a -> {
                if (ProposalApplier.lifetimes(env.config(), true) == LeafNodeValidator.Lifetimes.CHECK) {
                    KeyPackageValidator.validate(a.keyPackage(), suite, env.credentials(), env.config());
                } else {
                    KeyPackageValidator.validate(a.keyPackage(), suite, env.credentials(), false, env.config().nowSeconds());
                }
            }
            case Update u -> {
                if (!(sender instanceof Sender.Member m)) {
                    throw new ValidationException(INVALID_PROPOSAL, "Update from a non-member");
                }
                int leaf = Framing.leafIndex(m.leafIndex(), epoch);
                if (Arrays.equals(epoch.leaf(leaf).orElseThrow().encryptionKey(), u.leafNode().encryptionKey())) {
                    throw new ValidationException(ValidationException.Reason.INVALID_LEAF_NODE,
                            "Update keeps the encryption key");
                }
                ProposalApplier.leafValidator(suite, epoch.context().groupId(), epoch.context().extensions(), env)
                        .validate(u.leafNode(), LeafNodeSource.UPDATE, leaf, ProposalApplier.lifetimes(env.config(), false),
                                MemberIndex.of(epoch.tree()));
            }
            case Remove r -> {
                if (r.removed() >= epoch.leafCount() || epoch.leaf((int) r.removed()).isEmpty()) {
                    throw new ValidationException(INVALID_PROPOSAL, "Remove of blank leaf " + r.removed());
                }
            }
            case PreSharedKeyProposal p -> Psks.checkProposal(suite, p.psk(), false);
            case ReInit r -> {
                if (r.version().code() < epoch.context().version().code()) {
                    throw new ValidationException(INVALID_PROPOSAL, "ReInit to an older version");
                }
            }
            case ExternalInit e -> throw new ValidationException(INVALID_PROPOSAL,
                    "ExternalInit can only be sent inside an external commit");
            case GroupContextExtensions g -> ProposalApplier.checkExtensionsSupported(g.extensions(), epoch.tree().edit());
        }
        byte[] ref = Crypto.proposalRef(suite, ac.toBytes());
        return new QueuedProposal(proposal, sender, Optional.of(ref));
    }
}
