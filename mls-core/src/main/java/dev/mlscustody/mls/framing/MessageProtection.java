package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.schedule.GroupContext;

import java.util.Arrays;
import java.util.Objects;
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
        Optional<byte[]> signaturePublicKey(FramedContent content);
    }

    private MessageProtection() {
    }

    /**
     * The encoded FramedContentTBS (§6.1). Written here rather than through
     * AuthenticatedContent so a Commit can be signed before its confirmation tag exists.
     */
    public static byte[] framedContentTbs(WireFormat wireFormat, FramedContent content, GroupContext context) {
        TlsWriter w = new TlsWriter();
        ProtocolVersion.MLS10.encode(w);
        wireFormat.encode(w);
        content.encode(w);
        switch (content.sender()) {
            case Sender.Member m -> Objects.requireNonNull(context, "GroupContext").encode(w);
            case Sender.NewMemberCommit c -> Objects.requireNonNull(context, "GroupContext").encode(w);
            case Sender.External e -> { }
            case Sender.NewMemberProposal p -> { }
        }
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
        byte[] publicKey = signers.signaturePublicKey(content.content())
                .orElseThrow(() -> new ValidationException(Reason.UNKNOWN_SENDER,
                        "no signature key for sender " + content.content().sender()));
        byte[] tbs = framedContentTbs(content.wireFormat(), content.content(), context);
        if (!suite.verifyWithLabel(publicKey, SIGNATURE_LABEL, tbs, content.auth().signature())) {
            throw new ValidationException(Reason.BAD_SIGNATURE,
                    "FramedContentTBS signature does not verify for sender " + content.content().sender());
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
