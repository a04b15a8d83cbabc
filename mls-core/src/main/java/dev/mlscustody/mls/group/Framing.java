package dev.mlscustody.mls.group;

import static dev.mlscustody.mls.ValidationException.Reason.BAD_MEMBERSHIP_TAG;
import static dev.mlscustody.mls.ValidationException.Reason.BAD_SENDER_DATA;
import static dev.mlscustody.mls.ValidationException.Reason.BAD_SIGNATURE;
import static dev.mlscustody.mls.ValidationException.Reason.DECRYPTION_FAILED;
import static dev.mlscustody.mls.ValidationException.Reason.UNKNOWN_SENDER;
import static dev.mlscustody.mls.ValidationException.Reason.WRONG_WIRE_FORMAT;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.CommitContent;
import dev.mlscustody.mls.framing.ContentType;
import dev.mlscustody.mls.framing.FramedContent;
import dev.mlscustody.mls.framing.FramedContentAuthData;
import dev.mlscustody.mls.framing.PrivateMessage;
import dev.mlscustody.mls.framing.PrivateMessageContent;
import dev.mlscustody.mls.framing.ProposalContent;
import dev.mlscustody.mls.framing.PublicMessage;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.framing.SenderData;
import dev.mlscustody.mls.framing.WireFormat;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.ExtensionType;
import dev.mlscustody.mls.message.ExternalSender;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.schedule.HashRatchet;
import dev.mlscustody.mls.schedule.RatchetKey;
import dev.mlscustody.mls.schedule.RatchetType;
import dev.mlscustody.mls.schedule.SenderDataKey;
import java.util.List;
import java.util.Optional;

/**
 * Message protection (RFC 9420 §6): signing and verifying FramedContent (§6.1), the membership
 * tag of PublicMessage (§6.2), and PrivateMessage content and sender-data encryption with the
 * secret tree (§6.3). Receiving never consumes a ratchet key before the message has fully
 * verified: {@link Decrypted#commitRatchet()} does that afterwards.
 */
final class Framing {
    private Framing() {
    }

    static final String FRAMED_CONTENT_TBS = "FramedContentTBS";

    /** Which sender type may send which content (§6, §12.1.8, §12.4.3.2). */
    static void checkSenderAndContent(AuthenticatedContent ac) throws ValidationException {
        FramedContent c = ac.content();
        switch (c.sender()) {
            case Sender.Member m -> { }
            case Sender.External e -> {
                if (!(c.body() instanceof ProposalContent p)) {
                    throw new ValidationException(UNKNOWN_SENDER, "an external sender may only send proposals");
                }
                switch (p.proposal().type()) {
                    case ADD, REMOVE, PSK, REINIT, GROUP_CONTEXT_EXTENSIONS -> { }
                    case UPDATE, EXTERNAL_INIT -> throw new ValidationException(ValidationException.Reason.INVALID_PROPOSAL,
                            "an external sender cannot send a " + p.proposal().type() + " proposal");
                }
            }
            case Sender.NewMemberProposal n -> {
                if (!(c.body() instanceof ProposalContent p) || !(p.proposal() instanceof Add)) {
                    throw new ValidationException(ValidationException.Reason.INVALID_PROPOSAL,
                            "a new_member_proposal sender may only propose Add");
                }
            }
            case Sender.NewMemberCommit n -> {
                if (!(c.body() instanceof CommitContent)) {
                    throw new ValidationException(ValidationException.Reason.INVALID_COMMIT,
                            "a new_member_commit sender may only send a Commit");
                }
            }
        }
        if (ac.wireFormat() == WireFormat.PUBLIC_MESSAGE && c.contentType() == ContentType.APPLICATION) {
            throw new ValidationException(WRONG_WIRE_FORMAT, "application data must be sent as PrivateMessage (§6.2)");
        }
        if (ac.wireFormat() == WireFormat.PRIVATE_MESSAGE && !(c.sender() instanceof Sender.Member)) {
            throw new ValidationException(WRONG_WIRE_FORMAT, "only members can send PrivateMessage");
        }
    }

    /** The signature key that must have signed {@code ac} (§6.1). */
    static byte[] signatureKeyOf(AuthenticatedContent ac, EpochState epoch) throws ValidationException {
        FramedContent c = ac.content();
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

    static void verifySignature(CipherSuite suite, AuthenticatedContent ac, GroupContext context, byte[] key)
            throws ValidationException {
        if (!Crypto.verify(suite, key, FRAMED_CONTENT_TBS, ac.encodeTbs(context), ac.auth().signature())) {
            throw new ValidationException(BAD_SIGNATURE, "FramedContent signature does not verify");
        }
    }

    /** §6.2: checks the membership tag (member senders) and the signature of a PublicMessage. */
    static AuthenticatedContent verifyPublic(CipherSuite suite, PublicMessage msg, EpochState epoch)
            throws ValidationException {
        AuthenticatedContent ac = msg.authenticatedContent();
        checkSenderAndContent(ac);
        if (ac.content().sender() instanceof Sender.Member) {
            byte[] tag = msg.membershipTag().orElseThrow(
                    () -> new ValidationException(BAD_MEMBERSHIP_TAG, "member PublicMessage without membership tag"));
            if (!suite.verifyMac(epoch.secrets().membershipKey(), ac.encodeTbm(epoch.context()), tag)) {
                throw new ValidationException(BAD_MEMBERSHIP_TAG, "membership tag does not verify");
            }
        }
        verifySignature(suite, ac, epoch.context(), signatureKeyOf(ac, epoch));
        return ac;
    }

    /** A decrypted PrivateMessage and the ratchet step to commit once it is accepted. */
    record Decrypted(AuthenticatedContent content, HashRatchet ratchet, int generation) {
        void commitRatchet() throws ValidationException {
            ratchet.consume(generation);
        }
    }

    /** §6.3: decrypts sender data and content with {@code epoch}'s keys and verifies the signature. */
    static Decrypted decryptPrivate(CipherSuite suite, PrivateMessage msg, EpochState epoch)
            throws ValidationException {
        SenderDataKey sdk = SenderDataKey.derive(suite, epoch.secrets().senderDataSecret(), msg.ciphertext());
        SenderData senderData;
        try {
            byte[] plain = suite.open(sdk.key(), sdk.nonce(), msg.senderDataAad().toBytes(), msg.encryptedSenderData());
            senderData = TlsReader.decodeAll(plain, SenderData::decode);
        } catch (CryptoException | DecodeException e) {
            throw new ValidationException(BAD_SENDER_DATA, "cannot decrypt sender data");
        }
        int leaf = leafIndex(senderData.leafIndex(), epoch);
        if (senderData.generation() > Integer.MAX_VALUE) {
            throw new ValidationException(ValidationException.Reason.GENERATION_TOO_FAR, "generation out of range");
        }
        int generation = (int) senderData.generation();
        RatchetType type = msg.contentType() == ContentType.APPLICATION ? RatchetType.APPLICATION : RatchetType.HANDSHAKE;
        HashRatchet ratchet = epoch.secretTree().ratchet(leaf, type);
        RatchetKey key = ratchet.keyFor(generation);
        PrivateMessageContent content;
        try {
            byte[] plain = suite.open(key.key(), key.nonceWithReuseGuard(senderData.reuseGuard()),
                    msg.contentAad().toBytes(), msg.ciphertext());
            content = PrivateMessageContent.decode(plain, msg.contentType());
        } catch (CryptoException e) {
            throw new ValidationException(DECRYPTION_FAILED, "cannot decrypt PrivateMessage content");
        } catch (DecodeException e) {
            throw new ValidationException(ValidationException.Reason.BAD_PADDING, "malformed PrivateMessage content");
        }
        FramedContent framed = new FramedContent(msg.groupId(), msg.epoch(), new Sender.Member(leaf),
                msg.authenticatedData(), content.body());
        AuthenticatedContent ac = new AuthenticatedContent(WireFormat.PRIVATE_MESSAGE, framed, content.auth());
        checkSenderAndContent(ac);
        verifySignature(suite, ac, epoch.context(), signatureKeyOf(ac, epoch));
        return new Decrypted(ac, ratchet, generation);
    }

    /** §6.1: signs FramedContent (without a confirmation tag; commits add theirs later). */
    static byte[] sign(CipherSuite suite, SignatureKey key, WireFormat wireFormat, FramedContent content,
                       GroupContext context) throws KeyCustodyException {
        FramedContentAuthData placeholder = new FramedContentAuthData(new byte[0],
                content.contentType() == ContentType.COMMIT ? Optional.of(new byte[0]) : Optional.empty());
        AuthenticatedContent unsigned = new AuthenticatedContent(wireFormat, content, placeholder);
        return Crypto.sign(suite, key, FRAMED_CONTENT_TBS, unsigned.encodeTbs(context));
    }

    /** §6.2: a PublicMessage with a membership tag for member senders. */
    static PublicMessage protectPublic(CipherSuite suite, AuthenticatedContent ac, EpochState epoch) {
        Optional<byte[]> tag = ac.content().sender() instanceof Sender.Member
                ? Optional.of(suite.mac(epoch.secrets().membershipKey(), ac.encodeTbm(epoch.context())))
                : Optional.empty();
        return PublicMessage.of(ac, tag);
    }

    /** §6.3: encrypts {@code ac} (a member's content) with the next key of the sender's ratchet. */
    static PrivateMessage protectPrivate(CipherSuite suite, AuthenticatedContent ac, EpochState epoch, int paddingBlock)
            throws ValidationException {
        FramedContent c = ac.content();
        int leaf = (int) ((Sender.Member) c.sender()).leafIndex();
        RatchetType type = c.contentType() == ContentType.APPLICATION ? RatchetType.APPLICATION : RatchetType.HANDSHAKE;
        RatchetKey key = epoch.secretTree().ratchet(leaf, type).nextForSending();
        byte[] reuseGuard = suite.randomBytes(SenderData.REUSE_GUARD_LENGTH);
        int unpadded = new PrivateMessageContent(c.body(), ac.auth(), 0).toBytes().length;
        int padding = paddingBlock <= 1 ? 0 : (paddingBlock - unpadded % paddingBlock) % paddingBlock;
        byte[] plain = new PrivateMessageContent(c.body(), ac.auth(), padding).toBytes();
        PrivateMessage shell = new PrivateMessage(c.groupId(), c.epoch(), c.contentType(), c.authenticatedData(),
                new byte[0], new byte[0]);
        byte[] ciphertext = suite.seal(key.key(), key.nonceWithReuseGuard(reuseGuard), shell.contentAad().toBytes(), plain);
        SenderDataKey sdk = SenderDataKey.derive(suite, epoch.secrets().senderDataSecret(), ciphertext);
        byte[] senderData = suite.seal(sdk.key(), sdk.nonce(), shell.senderDataAad().toBytes(),
                new SenderData(leaf, key.generation(), reuseGuard).toBytes());
        return new PrivateMessage(c.groupId(), c.epoch(), c.contentType(), c.authenticatedData(), senderData, ciphertext);
    }
}
