package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.schedule.GroupContext;

import java.util.Objects;
import java.util.Optional;

/**
 * PublicMessage protection of RFC 9420 §6.2 for one epoch: adds and checks the membership tag
 * {@code MAC(membership_key, AuthenticatedContentTBM)} of member senders, and checks the
 * signature. Application data is never sent or accepted as a PublicMessage (§6: applications
 * MUST use PrivateMessage for application messages). Immutable; {@link #toString()} redacted.
 */
public final class PublicMessageProtector {
    private final CipherSuite suite;
    private final GroupContext context;
    private final byte[] membershipKey;

    public PublicMessageProtector(CipherSuite suite, GroupContext context, byte[] membershipKey) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.context = Objects.requireNonNull(context, "context");
        this.membershipKey = Objects.requireNonNull(membershipKey, "membershipKey").clone();
    }

    /** Wraps signed content as a PublicMessage, with the membership tag for a member sender. */
    public PublicMessage protect(AuthenticatedContent content) throws ValidationException {
        if (content.wireFormat() != WireFormat.PUBLIC_MESSAGE) {
            throw new ValidationException(Reason.WRONG_WIRE_FORMAT,
                    "content was signed for " + content.wireFormat() + ", not a PublicMessage");
        }
        rejectApplicationData(content.content());
        MessageProtection.checkGroupAndEpoch(content.content().groupId(), content.content().epoch(), context);
        Optional<byte[]> tag = content.content().sender() instanceof Sender.Member
                ? Optional.of(suite.mac(membershipKey, content.encodeTbm(context)))
                : Optional.empty();
        return PublicMessage.of(content, tag);
    }

    /**
     * Checks a received PublicMessage: group, epoch, sender and content type (no application
     * data), membership tag (member senders) and signature. Returns its AuthenticatedContent; the Commit's confirmation tag is
     * checked by the caller once the new epoch's confirmation_key is known.
     */
    public AuthenticatedContent unprotect(PublicMessage message, MessageProtection.SignerKeys signers)
            throws ValidationException {
        FramedContent content = message.content();
        MessageProtection.checkGroupAndEpoch(content.groupId(), content.epoch(), context);
        AuthenticatedContent authenticated = message.authenticatedContent();
        MessageProtection.checkSenderAndContent(authenticated);
        // FramedContentTBS is both the signed content and the prefix of AuthenticatedContentTBM: encode it once
        byte[] tbs = authenticated.encodeTbs(context);
        if (content.sender() instanceof Sender.Member) {
            byte[] tag = message.membershipTag().orElseThrow(() ->
                    new ValidationException(Reason.BAD_MEMBERSHIP_TAG, "member message without membership tag"));
            TlsWriter tbm = new TlsWriter(tbs.length + 16 + authenticated.auth().signature().length).raw(tbs);
            authenticated.auth().encode(tbm);
            if (!suite.verifyMac(membershipKey, tbm.toByteArray(), tag)) {
                throw new ValidationException(Reason.BAD_MEMBERSHIP_TAG, "membership tag does not verify");
            }
        }
        MessageProtection.verifySignature(suite, authenticated, tbs, signers);
        return authenticated;
    }

    private static void rejectApplicationData(FramedContent content) throws ValidationException {
        if (content.contentType() == ContentType.APPLICATION) {
            throw new ValidationException(Reason.WRONG_WIRE_FORMAT, "application data must be sent as a PrivateMessage");
        }
    }

    @Override
    public String toString() {
        return "PublicMessageProtector[" + context + ", membership key redacted]";
    }
}
