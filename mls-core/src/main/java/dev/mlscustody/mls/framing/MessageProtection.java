package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.schedule.GroupContext;

import java.util.Arrays;
import java.util.Optional;

/**
 * Content authentication shared by {@link PublicMessageProtector} and
 * {@link PrivateMessageProtector} (RFC 9420 §6.1): the FramedContentTBS signature and the
 * group/epoch checks every received message passes first.
 */
public final class MessageProtection {
    /** SignWithLabel label of §6.1. */
    public static final String SIGNATURE_LABEL = "FramedContentTBS";

    /**
     * The signature public key a received message must verify under (§6.1): for a member, the
     * key of its leaf; for an external sender, the external_senders entry; for new members, the
     * key in the Commit's path leaf or the Add's KeyPackage. Empty when there is none (blank or
     * unknown leaf), which rejects the message with UNKNOWN_SENDER.
     */
    @FunctionalInterface
    public interface SignerKeys {
        /**
         * @throws ValidationException when the sender is unacceptable for a reason the caller
         *                             wants to report itself (e.g. INVALID_COMMIT)
         */
        Optional<byte[]> signaturePublicKey(FramedContent content) throws ValidationException;

        /**
         * Whether leaf {@code leafIndex} holds a member, checked on a PrivateMessage's sender data
         * before the content is decrypted (§6.3.2). By default every leaf inside the tree is
         * accepted and a blank leaf is caught by {@link #signaturePublicKey}.
         */
        default boolean isMember(long leafIndex) {
            return true;
        }
    }

    private MessageProtection() {
    }

    /**
     * The encoded FramedContentTBS (§6.1). Written here rather than through
     * AuthenticatedContent so a Commit can be signed before its confirmation tag exists.
     */
    public static byte[] framedContentTbs(WireFormat wireFormat, FramedContent content, GroupContext context) {
        TlsWriter w = new TlsWriter();
        AuthenticatedContent.encodeTbs(w, wireFormat, content, context);
        return w.toByteArray();
    }

    /** {@code signature = SignWithLabel(key, "FramedContentTBS", FramedContentTBS)}. */
    public static byte[] signature(CipherSuite suite, WireFormat wireFormat, FramedContent content, GroupContext context,
                                   SignatureKey key) throws KeyCustodyException {
        return suite.signWithLabel(key, SIGNATURE_LABEL, framedContentTbs(wireFormat, content, context));
    }

    /**
     * Signs a proposal or application content. A Commit additionally needs its confirmation tag,
     * which depends on this signature through the transcript hash (§8.2): use
     * {@link #signature} and build the AuthenticatedContent once the tag is known.
     */
    public static AuthenticatedContent sign(CipherSuite suite, WireFormat wireFormat, FramedContent content,
                                            GroupContext context, SignatureKey key) throws KeyCustodyException {
        if (content.contentType() == ContentType.COMMIT) {
            throw new IllegalArgumentException("a Commit needs its confirmation tag: use signature(...)");
        }
        return new AuthenticatedContent(wireFormat, content,
                new FramedContentAuthData(signature(suite, wireFormat, content, context, key), Optional.empty()));
    }

    /** Verifies the FramedContentTBS signature of {@code content} (§6.1); BAD_SIGNATURE otherwise. */
    public static void verifySignature(CipherSuite suite, AuthenticatedContent content, GroupContext context,
                                       SignerKeys signers) throws ValidationException {
        verifySignature(suite, content, content.encodeTbs(context), signers);
    }

    /** As above, with the FramedContentTBS {@code tbs} already encoded by the caller. */
    static void verifySignature(CipherSuite suite, AuthenticatedContent content, byte[] tbs, SignerKeys signers)
            throws ValidationException {
        byte[] publicKey = signers.signaturePublicKey(content.content())
                .orElseThrow(() -> new ValidationException(Reason.UNKNOWN_SENDER,
                        "no signature key for sender " + content.content().sender()));
        boolean ok;
        try {
            ok = suite.verifyWithLabel(publicKey, SIGNATURE_LABEL, tbs, content.auth().signature());
        } catch (RuntimeException e) {
            ok = false; // a malformed key or signature is a failed verification
        }
        if (!ok) {
            throw new ValidationException(Reason.BAD_SIGNATURE,
                    "FramedContentTBS signature does not verify for sender " + content.content().sender());
        }
    }

    /**
     * Which sender type may send which content (§6, §12.1.8, §12.4.3.2), and the wire format
     * rules: application data only as PrivateMessage (§6.2), PrivateMessage only from members.
     */
    public static void checkSenderAndContent(AuthenticatedContent ac) throws ValidationException {
        FramedContent c = ac.content();
        switch (c.sender()) {
            case Sender.Member m -> { }
            case Sender.External e -> {
                if (!(c.body() instanceof ProposalContent p)) {
                    throw new ValidationException(Reason.UNKNOWN_SENDER, "an external sender may only send proposals");
                }
                switch (p.proposal().type()) {
                    case ADD, REMOVE, PSK, REINIT, GROUP_CONTEXT_EXTENSIONS -> { }
                    case UPDATE, EXTERNAL_INIT -> throw new ValidationException(Reason.INVALID_PROPOSAL,
                            "an external sender cannot send a " + p.proposal().type() + " proposal");
                }
            }
            case Sender.NewMemberProposal n -> {
                if (!(c.body() instanceof ProposalContent p) || !(p.proposal() instanceof Add)) {
                    throw new ValidationException(Reason.INVALID_PROPOSAL, "a new_member_proposal sender may only propose Add");
                }
            }
            case Sender.NewMemberCommit n -> {
                if (!(c.body() instanceof CommitContent)) {
                    throw new ValidationException(Reason.INVALID_COMMIT, "a new_member_commit sender may only send a Commit");
                }
            }
        }
        if (ac.wireFormat() == WireFormat.PUBLIC_MESSAGE && c.contentType() == ContentType.APPLICATION) {
            throw new ValidationException(Reason.WRONG_WIRE_FORMAT, "application data must be sent as PrivateMessage (§6.2)");
        }
        if (ac.wireFormat() == WireFormat.PRIVATE_MESSAGE && !(c.sender() instanceof Sender.Member)) {
            throw new ValidationException(Reason.WRONG_WIRE_FORMAT, "only members can send PrivateMessage");
        }
    }

    /** A message must belong to this group (WRONG_GROUP) and this epoch (WRONG_EPOCH). */
    static void checkGroupAndEpoch(byte[] groupId, long epoch, GroupContext context) throws ValidationException {
        if (!Arrays.equals(groupId, context.groupId())) {
            throw new ValidationException(Reason.WRONG_GROUP, "message is for another group");
        }
        if (epoch != context.epoch()) {
            throw new ValidationException(Reason.WRONG_EPOCH, "message epoch " + Long.toUnsignedString(epoch)
                    + " is not the current epoch " + Long.toUnsignedString(context.epoch()));
        }
    }
}
