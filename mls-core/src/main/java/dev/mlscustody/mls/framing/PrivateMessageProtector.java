package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.schedule.HashRatchet;
import dev.mlscustody.mls.schedule.RatchetKey;
import dev.mlscustody.mls.schedule.RatchetType;
import dev.mlscustody.mls.schedule.SecretTree;
import dev.mlscustody.mls.schedule.SenderDataKey;
import dev.mlscustody.mls.schedule.GroupContext;

import java.util.Objects;

/**
 * PrivateMessage protection of RFC 9420 §6.3 for one epoch.
 *
 * <p>Protect: take the next key of the sender's handshake or application ratchet, XOR a fresh
 * reuse guard into its nonce, AEAD-encrypt PrivateMessageContent (content, auth, zero padding)
 * under PrivateContentAAD, then encrypt SenderData under a key/nonce derived from
 * sender_data_secret and the ciphertext sample, with SenderDataAAD.
 *
 * <p>Unprotect checks, in order: group (WRONG_GROUP), epoch (WRONG_EPOCH), sender data AEAD and
 * format (BAD_SENDER_DATA), leaf index inside the tree (UNKNOWN_SENDER), generation
 * (KEY_ALREADY_USED / GENERATION_TOO_FAR), content AEAD (DECRYPTION_FAILED), padding all zero
 * (BAD_PADDING), signature (UNKNOWN_SENDER / BAD_SIGNATURE). {@link #open} never consumes the
 * ratchet key: the caller consumes it once the message is accepted ({@link Unprotected#consume()}),
 * so a message rejected by any later check (e.g. commit validation, §12.4.2) changes nothing.
 *
 * <p>Holds the epoch's mutable {@link SecretTree}; not thread-safe.
 */
public final class PrivateMessageProtector {
    private final CipherSuite suite;
    private final GroupContext context;
    private final byte[] senderDataSecret;
    private final SecretTree secretTree;

    public PrivateMessageProtector(CipherSuite suite, GroupContext context, byte[] senderDataSecret,
                                   SecretTree secretTree) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.context = Objects.requireNonNull(context, "context");
        this.senderDataSecret = Objects.requireNonNull(senderDataSecret, "senderDataSecret").clone();
        this.secretTree = Objects.requireNonNull(secretTree, "secretTree");
    }

    /** Encrypts signed content from a member, with {@code paddingLength} zero bytes of padding. */
    public PrivateMessage protect(AuthenticatedContent content, int paddingLength) throws ValidationException {
        if (content.wireFormat() != WireFormat.PRIVATE_MESSAGE) {
            throw new ValidationException(Reason.WRONG_WIRE_FORMAT,
                    "content was signed for " + content.wireFormat() + ", not a PrivateMessage");
        }
        FramedContent framed = content.content();
        MessageProtection.checkGroupAndEpoch(framed.groupId(), framed.epoch(), context);
        // §6.3.2: SenderData is built from a member sender only
        if (!(framed.sender() instanceof Sender.Member member)) {
            throw new ValidationException(Reason.UNKNOWN_SENDER, "only members send PrivateMessages");
        }
        if (member.leafIndex() >= secretTree.leafCount()) {
            throw new ValidationException(Reason.UNKNOWN_SENDER, "sender leaf " + member.leafIndex() + " is outside the tree");
        }
        HashRatchet ratchet = secretTree.ratchet((int) member.leafIndex(), ratchetType(framed.contentType()));
        RatchetKey key = ratchet.nextForSending();
        byte[] reuseGuard = suite.randomBytes(SenderData.REUSE_GUARD_LENGTH);

        byte[] plaintext = new PrivateMessageContent(framed.body(), content.auth(), paddingLength).toBytes();
        byte[] aad = new PrivateContentAad(framed.groupId(), framed.epoch(), framed.contentType(),
                framed.authenticatedData()).toBytes();
        byte[] ciphertext = suite.seal(key.key(), key.nonceWithReuseGuard(reuseGuard), aad, plaintext);

        SenderDataKey sdk = SenderDataKey.derive(suite, senderDataSecret, ciphertext);
        byte[] senderData = new SenderData(member.leafIndex(), key.generation(), reuseGuard).toBytes();
        byte[] senderDataAad = new SenderDataAad(framed.groupId(), framed.epoch(), framed.contentType()).toBytes();
        byte[] encryptedSenderData = suite.seal(sdk.key(), sdk.nonce(), senderDataAad, senderData);
        return new PrivateMessage(framed.groupId(), framed.epoch(), framed.contentType(), framed.authenticatedData(),
                encryptedSenderData, ciphertext);
    }

    /**
     * Encrypts like {@link #protect}, with the least zero padding that makes the encoded
     * PrivateMessageContent a multiple of {@code paddingBlock} bytes (0 or 1: no padding).
     */
    public PrivateMessage protectToBlock(AuthenticatedContent content, int paddingBlock) throws ValidationException {
        int unpadded = new PrivateMessageContent(content.content().body(), content.auth(), 0).toBytes().length;
        int padding = paddingBlock <= 1 ? 0 : (paddingBlock - unpadded % paddingBlock) % paddingBlock;
        return protect(content, padding);
    }

    /**
     * Decrypts and authenticates a received PrivateMessage (see the class comment for the checks)
     * and consumes its key.
     */
    public AuthenticatedContent unprotect(PrivateMessage message, MessageProtection.SignerKeys signers)
            throws ValidationException {
        Unprotected opened = open(message, signers);
        opened.consume();
        return opened.content();
    }

    /**
     * Every check of {@link #unprotect} without consuming the key: the ratchet is unchanged until
     * the caller accepts the message and calls {@link Unprotected#consume()}.
     */
    public Unprotected open(PrivateMessage message, MessageProtection.SignerKeys signers) throws ValidationException {
        MessageProtection.checkGroupAndEpoch(message.groupId(), message.epoch(), context);
        SenderData senderData = openSenderData(message);
        if (senderData.leafIndex() >= secretTree.leafCount() || !signers.isMember(senderData.leafIndex())) {
            throw new ValidationException(Reason.UNKNOWN_SENDER,
                    "sender leaf " + senderData.leafIndex() + " is not a member");
        }
        int leaf = (int) senderData.leafIndex();
        if (senderData.generation() >= Integer.MAX_VALUE) {
            throw new ValidationException(Reason.GENERATION_TOO_FAR, "generation " + senderData.generation());
        }
        int generation = (int) senderData.generation();
        HashRatchet ratchet = secretTree.ratchet(leaf, ratchetType(message.contentType()));
        RatchetKey key = ratchet.keyFor(generation);

        byte[] plaintext;
        try {
            plaintext = suite.open(key.key(), key.nonceWithReuseGuard(senderData.reuseGuard()),
                    message.contentAad().toBytes(), message.ciphertext());
        } catch (CryptoException e) {
            throw new ValidationException(Reason.DECRYPTION_FAILED, "PrivateMessage content does not decrypt");
        }
        PrivateMessageContent decrypted = decodeContent(plaintext, message.contentType());
        FramedContent framed = new FramedContent(message.groupId(), message.epoch(), new Sender.Member(leaf),
                message.authenticatedData(), decrypted.body());
        AuthenticatedContent authenticated = new AuthenticatedContent(WireFormat.PRIVATE_MESSAGE, framed,
                decrypted.auth());
        MessageProtection.checkSenderAndContent(authenticated);
        MessageProtection.verifySignature(suite, authenticated, context, signers);
        return Unprotected.withKey(authenticated, ratchet, generation);
    }

    private SenderData openSenderData(PrivateMessage message) throws ValidationException {
        SenderDataKey sdk = SenderDataKey.derive(suite, senderDataSecret, message.ciphertext());
        byte[] plain;
        try {
            plain = suite.open(sdk.key(), sdk.nonce(), message.senderDataAad().toBytes(), message.encryptedSenderData());
        } catch (CryptoException e) {
            throw new ValidationException(Reason.BAD_SENDER_DATA, "sender data does not decrypt");
        }
        try {
            return TlsReader.decodeAll(plain, SenderData::decode);
        } catch (DecodeException | IllegalArgumentException e) {
            throw new ValidationException(Reason.BAD_SENDER_DATA, "malformed sender data");
        }
    }

    /**
     * §6.3.1: decode content and auth, then every remaining octet is padding and MUST be zero.
     */
    private static PrivateMessageContent decodeContent(byte[] plaintext, ContentType type) throws ValidationException {
        TlsReader r = new TlsReader(plaintext);
        FramedContentBody body;
        FramedContentAuthData auth;
        try {
            body = FramedContentBody.decode(type, r);
            auth = FramedContentAuthData.decode(r, type);
        } catch (DecodeException | IllegalArgumentException e) {
            throw new ValidationException(Reason.DECRYPTION_FAILED, "decrypted PrivateMessageContent is malformed");
        }
        int padding = r.remaining();
        for (int i = plaintext.length - padding; i < plaintext.length; i++) {
            if (plaintext[i] != 0) {
                throw new ValidationException(Reason.BAD_PADDING, "PrivateMessageContent padding is not all zero");
            }
        }
        return new PrivateMessageContent(body, auth, padding);
    }

    /** §6.3.1: proposals and commits use the handshake ratchet, application data the application ratchet. */
    static RatchetType ratchetType(ContentType type) {
        return type == ContentType.APPLICATION ? RatchetType.APPLICATION : RatchetType.HANDSHAKE;
    }

    @Override
    public String toString() {
        return "PrivateMessageProtector[" + context + ", secrets redacted]";
    }
}
