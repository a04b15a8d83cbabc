package dev.mlscustody.mls.group;

import static dev.mlscustody.mls.ValidationException.Reason.UNKNOWN_SENDER;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.CommitContent;
import dev.mlscustody.mls.framing.FramedContent;
import dev.mlscustody.mls.framing.MessageProtection;
import dev.mlscustody.mls.framing.PrivateMessage;
import dev.mlscustody.mls.framing.PrivateMessageProtector;
import dev.mlscustody.mls.framing.ProposalContent;
import dev.mlscustody.mls.framing.PublicMessage;
import dev.mlscustody.mls.framing.PublicMessageProtector;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.framing.Unprotected;
import dev.mlscustody.mls.framing.WireFormat;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.ExtensionType;
import dev.mlscustody.mls.message.ExternalSender;
import dev.mlscustody.mls.schedule.GroupContext;
import java.util.List;
import java.util.Optional;

/**
 * The group's side of message protection (RFC 9420 §6): binds the {@code framing} protectors to
 * one epoch's state and says who signed what (§6.1 signer lookup in the tree and the
 * external_senders extension). All protection itself lives in {@code framing}; receiving opens a
 * message without consuming its key ({@link Unprotected#consume()} does that once accepted).
 */
final class Framing {
    private Framing() {
    }

    /** §6.1: the signature over FramedContentTBS (a Commit's confirmation tag is added later). */
    static byte[] sign(CipherSuite suite, SignatureKey key, WireFormat wireFormat, FramedContent content,
                       GroupContext context) throws KeyCustodyException {
        return MessageProtection.signature(suite, wireFormat, content, context, key);
    }

    /** §6.2 for {@code epoch}. */
    static PublicMessage protectPublic(CipherSuite suite, AuthenticatedContent ac, EpochState epoch)
            throws ValidationException {
        return publicProtector(suite, epoch).protect(ac);
    }

    /** §6.3 for {@code epoch}, padded to a multiple of {@code paddingBlock}. */
    static PrivateMessage protectPrivate(CipherSuite suite, AuthenticatedContent ac, EpochState epoch, int paddingBlock)
            throws ValidationException {
        return privateProtector(suite, epoch).protectToBlock(ac, paddingBlock);
    }

    /** §6.2: membership tag and signature of a received PublicMessage. */
    static Unprotected verifyPublic(CipherSuite suite, PublicMessage msg, EpochState epoch) throws ValidationException {
        return Unprotected.verified(publicProtector(suite, epoch).unprotect(msg, signers(epoch)));
    }

    /** §6.3: decrypts and verifies a PrivateMessage of {@code epoch}; the key is consumed by the caller. */
    static Unprotected decryptPrivate(CipherSuite suite, PrivateMessage msg, EpochState epoch)
            throws ValidationException {
        return privateProtector(suite, epoch).open(msg, signers(epoch));
    }

    private static PublicMessageProtector publicProtector(CipherSuite suite, EpochState epoch) {
        return new PublicMessageProtector(suite, epoch.context(), epoch.secrets().membershipKey());
    }

    private static PrivateMessageProtector privateProtector(CipherSuite suite, EpochState epoch) {
        return new PrivateMessageProtector(suite, epoch.context(), epoch.secrets().senderDataSecret(),
                epoch.secretTree());
    }

    /** The signers of {@code epoch}: members by leaf, external senders, new members by their own key. */
    static MessageProtection.SignerKeys signers(EpochState epoch) {
        return new MessageProtection.SignerKeys() {
            @Override
            public Optional<byte[]> signaturePublicKey(FramedContent content) throws ValidationException {
                return Optional.of(signatureKeyOf(content, epoch));
            }

            @Override
            public boolean isMember(long leafIndex) {
                return leafIndex >= 0 && leafIndex < epoch.leafCount() && epoch.leaf((int) leafIndex).isPresent();
            }
        };
    }

    /** The signature key that must have signed {@code c} (§6.1). */
    static byte[] signatureKeyOf(FramedContent c, EpochState epoch) throws ValidationException {
        return switch (c.sender()) {
            case Sender.Member m -> epoch.tree().leafNode(leafIndex(m.leafIndex(), epoch))
                    .orElseThrow(() -> new ValidationException(UNKNOWN_SENDER, "sender leaf " + m.leafIndex() + " is blank"))
                    .signatureKey();
            case Sender.External e -> externalSender(epoch.context(), e.senderIndex()).signatureKey();
            case Sender.NewMemberProposal n -> ((Add) ((ProposalContent) c.body()).proposal()).keyPackage()
                    .leafNode().signatureKey();
            case Sender.NewMemberCommit n -> ((CommitContent) c.body()).commit().path()
                    .orElseThrow(() -> new ValidationException(ValidationException.Reason.INVALID_COMMIT,
                            "an external commit must carry a path"))
                    .leafNode().signatureKey();
        };
    }

    static int leafIndex(long leaf, MemberView view) throws ValidationException {
        if (leaf < 0 || leaf >= view.leafCount() || view.leaf((int) leaf).isEmpty()) {
            throw new ValidationException(UNKNOWN_SENDER, "sender leaf " + leaf + " is not a member");
        }
        return (int) leaf;
    }

    static ExternalSender externalSender(GroupContext context, long index) throws ValidationException {
        Optional<Extension> ext = Extension.find(context.extensions(), ExtensionType.EXTERNAL_SENDERS);
        if (ext.isEmpty()) {
            throw new ValidationException(UNKNOWN_SENDER, "the group has no external_senders extension");
        }
        List<ExternalSender> senders;
        try {
            senders = ExternalSender.listFromExtension(ext.get());
        } catch (DecodeException e) {
            throw new ValidationException(UNKNOWN_SENDER, "malformed external_senders extension");
        }
        if (index < 0 || index >= senders.size()) {
            throw new ValidationException(UNKNOWN_SENDER, "external sender index " + index + " out of range");
        }
        return senders.get((int) index);
    }
}
