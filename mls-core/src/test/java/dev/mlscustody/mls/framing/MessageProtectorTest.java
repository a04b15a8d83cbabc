package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.message.Remove;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.schedule.RatchetKey;
import dev.mlscustody.mls.schedule.RatchetPolicy;
import dev.mlscustody.mls.schedule.SecretTree;
import dev.mlscustody.mls.schedule.SenderDataKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Protect/unprotect round trips and every rejection rule of RFC 9420 §6, with typed reasons. */
class MessageProtectorTest {
    private static final int LEAVES = 4;
    private static final int SENDER = 1;

    private CipherSuite suite;
    private GroupContext context;
    private SignatureKey signer;
    private byte[] membershipKey;
    private byte[] senderDataSecret;
    private byte[] encryptionSecret;
    private MessageProtection.SignerKeys signers;

    MessageProtectorTest() throws Exception {
        init(1);
    }

    private void init(int suiteId) throws Exception {
        suite = CipherSuite.of(suiteId);
        context = new GroupContext(ProtocolVersion.MLS10, suiteId, bytes("group"), 5, suite.hash(bytes("tree")),
                suite.hash(bytes("cth")), List.of());
        signer = suite.generateSignatureKey();
        membershipKey = suite.hash(bytes("membership"));
        senderDataSecret = suite.hash(bytes("sender data"));
        encryptionSecret = suite.hash(bytes("encryption"));
        byte[] pub = signer.publicKey();
        signers = c -> c.sender() instanceof Sender.Member m && m.leafIndex() == SENDER ? Optional.of(pub) : Optional.empty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private FramedContent content(FramedContentBody body) {
        return content(body, context.groupId(), context.epoch(), SENDER);
    }

    private FramedContent content(FramedContentBody body, byte[] groupId, long epoch, long leaf) {
        return new FramedContent(groupId, epoch, new Sender.Member(leaf), bytes("aad"), body);
    }

    private static FramedContentBody proposal() {
        return new ProposalContent(new Remove(2));
    }

    private static FramedContentBody application() {
        return new ApplicationData(bytes("hello, group; a message long enough to exceed one hash length of ciphertext"));
    }

    private PublicMessageProtector publicProtector() {
        return new PublicMessageProtector(suite, context, membershipKey);
    }

    private PrivateMessageProtector privateProtector(int leaves, RatchetPolicy policy) {
        return new PrivateMessageProtector(suite, context, senderDataSecret,
                new SecretTree(suite, encryptionSecret, leaves, policy));
    }

    private PrivateMessageProtector privateProtector() {
        return privateProtector(LEAVES, RatchetPolicy.DEFAULT);
    }

    private AuthenticatedContent signed(WireFormat wf, FramedContent c) throws Exception {
        return MessageProtection.sign(suite, wf, c, context, signer);
    }

    private static void assertReason(Reason reason, Executable e) {
        ValidationException ex = assertThrows(ValidationException.class, e);
        assertEquals(reason, ex.reason(), ex.getMessage());
    }

    // ---- PublicMessage ----

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void publicAndPrivateRoundTripInEverySuite(int suiteId) throws Exception {
        MessageProtectorTest t = new MessageProtectorTest();
        t.init(suiteId);
        AuthenticatedContent pub = t.signed(WireFormat.PUBLIC_MESSAGE, t.content(proposal()));
        PublicMessage pm = t.publicProtector().protect(pub);
        assertEquals(pub, t.publicProtector().unprotect(PublicMessage.decode(new dev.mlscustody.mls.codec.TlsReader(pm.toBytes())), t.signers));

        AuthenticatedContent priv = t.signed(WireFormat.PRIVATE_MESSAGE, t.content(application()));
        PrivateMessage m = t.privateProtector().protect(priv, 16);
        assertEquals(priv, t.privateProtector().unprotect(m, t.signers));
    }

    @Test
    void tamperedMembershipTagIsRejected() throws Exception {
        PublicMessage pm = publicProtector().protect(signed(WireFormat.PUBLIC_MESSAGE, content(proposal())));
        byte[] tag = pm.membershipTag().orElseThrow().clone();
        tag[0] ^= 1;
        PublicMessage bad = new PublicMessage(pm.content(), pm.auth(), Optional.of(tag));
        assertReason(Reason.BAD_MEMBERSHIP_TAG, () -> publicProtector().unprotect(bad, signers));
        // a different membership key (another epoch's) does not verify either
        PublicMessageProtector other = new PublicMessageProtector(suite, context, suite.hash(bytes("other")));
        assertReason(Reason.BAD_MEMBERSHIP_TAG, () -> other.unprotect(pm, signers));
    }

    @Test
    void tamperedSignatureIsRejected() throws Exception {
        AuthenticatedContent good = signed(WireFormat.PUBLIC_MESSAGE, content(proposal()));
        byte[] sig = good.auth().signature().clone();
        sig[sig.length - 1] ^= 1;
        AuthenticatedContent bad = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, good.content(),
                new FramedContentAuthData(sig, Optional.empty()));
        PublicMessage pm = publicProtector().protect(bad); // valid membership tag over a bad signature
        assertReason(Reason.BAD_SIGNATURE, () -> publicProtector().unprotect(pm, signers));
    }

    @Test
    void signatureFromAnotherKeyIsRejected() throws Exception {
        PublicMessage pm = publicProtector().protect(signed(WireFormat.PUBLIC_MESSAGE, content(proposal())));
        byte[] otherKey = suite.generateSignatureKey().publicKey();
        assertReason(Reason.BAD_SIGNATURE, () -> publicProtector().unprotect(pm, c -> Optional.of(otherKey)));
        assertReason(Reason.UNKNOWN_SENDER, () -> publicProtector().unprotect(pm, c -> Optional.empty()));
    }

    @Test
    void signatureCoversTheWireFormat() throws Exception {
        // content signed for a PrivateMessage cannot be presented as a PublicMessage
        AuthenticatedContent priv = signed(WireFormat.PRIVATE_MESSAGE, content(proposal()));
        AuthenticatedContent relabelled = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, priv.content(), priv.auth());
        PublicMessage pm = publicProtector().protect(relabelled);
        assertReason(Reason.BAD_SIGNATURE, () -> publicProtector().unprotect(pm, signers));
        assertReason(Reason.WRONG_WIRE_FORMAT, () -> publicProtector().protect(priv));
    }

    @Test
    void applicationDataIsNeverAPublicMessage() throws Exception {
        AuthenticatedContent app = signed(WireFormat.PUBLIC_MESSAGE, content(application()));
        assertReason(Reason.WRONG_WIRE_FORMAT, () -> publicProtector().protect(app));
        byte[] tag = suite.mac(membershipKey, app.encodeTbm(context));
        PublicMessage forged = new PublicMessage(app.content(), app.auth(), Optional.of(tag));
        assertReason(Reason.WRONG_WIRE_FORMAT, () -> publicProtector().unprotect(forged, signers));
    }

    @Test
    void publicMessageOfAnotherGroupOrEpochIsRejected() throws Exception {
        GroupContext otherEpoch = new GroupContext(ProtocolVersion.MLS10, context.cipherSuite(), context.groupId(), 6,
                context.treeHash(), context.confirmedTranscriptHash(), List.of());
        PublicMessage pm = new PublicMessageProtector(suite, otherEpoch, membershipKey).protect(
                MessageProtection.sign(suite, WireFormat.PUBLIC_MESSAGE, content(proposal(), context.groupId(), 6, SENDER),
                        otherEpoch, signer));
        assertReason(Reason.WRONG_EPOCH, () -> publicProtector().unprotect(pm, signers));

        GroupContext otherGroup = new GroupContext(ProtocolVersion.MLS10, context.cipherSuite(), bytes("other"), 5,
                context.treeHash(), context.confirmedTranscriptHash(), List.of());
        PublicMessage pg = new PublicMessageProtector(suite, otherGroup, membershipKey).protect(
                MessageProtection.sign(suite, WireFormat.PUBLIC_MESSAGE, content(proposal(), bytes("other"), 5, SENDER),
                        otherGroup, signer));
        assertReason(Reason.WRONG_GROUP, () -> publicProtector().unprotect(pg, signers));
        assertReason(Reason.WRONG_GROUP, () -> publicProtector().protect(
                signed(WireFormat.PUBLIC_MESSAGE, content(proposal(), bytes("other"), 5, SENDER))));
    }

    // ---- PrivateMessage ----

    @Test
    void privateRoundTripKeepsContentAndHidesIt() throws Exception {
        AuthenticatedContent ac = signed(WireFormat.PRIVATE_MESSAGE, content(application()));
        PrivateMessage m = privateProtector().protect(ac, 32);
        byte[] data = ((ApplicationData) application()).data();
        byte[] wire = m.toBytes();
        for (int i = 0; i + 8 <= wire.length; i++) {
            assertFalse(Arrays.equals(Arrays.copyOfRange(wire, i, i + 8), Arrays.copyOf(data, 8)), "plaintext visible");
        }
        assertEquals(ac, privateProtector().unprotect(m, signers));
    }

    @Test
    void proposalsUseTheHandshakeRatchetAndApplicationTheApplicationRatchet() throws Exception {
        PrivateMessageProtector sender = privateProtector();
        PrivateMessage p = sender.protect(signed(WireFormat.PRIVATE_MESSAGE, content(proposal())), 0);
        PrivateMessage a = sender.protect(signed(WireFormat.PRIVATE_MESSAGE, content(application())), 0);
        SecretTree tree = new SecretTree(suite, encryptionSecret, LEAVES);
        assertEquals(0, senderData(p).generation());
        assertEquals(0, senderData(a).generation());
        // the handshake ratchet of leaf 1, generation 0, decrypts the proposal
        RatchetKey hk = tree.handshakeRatchet(SENDER).keyFor(0);
        suite.open(hk.key(), hk.nonceWithReuseGuard(senderData(p).reuseGuard()), p.contentAad().toBytes(), p.ciphertext());
    }

    private SenderData senderData(PrivateMessage m) throws Exception {
        SenderDataKey k = SenderDataKey.derive(suite, senderDataSecret, m.ciphertext());
        byte[] plain = suite.open(k.key(), k.nonce(), m.senderDataAad().toBytes(), m.encryptedSenderData());
        return dev.mlscustody.mls.codec.TlsReader.decodeAll(plain, SenderData::decode);
    }

    @Test
    void tamperedContentTagIsRejectedAndConsumesNothing() throws Exception {
        PrivateMessageProtector receiver = privateProtector();
        PrivateMessage m = privateProtector().protect(signed(WireFormat.PRIVATE_MESSAGE, content(application())), 0);
        byte[] ct = m.ciphertext().clone();
        ct[ct.length - 1] ^= 1; // the AEAD tag, outside the sender-data sample
        PrivateMessage bad = new PrivateMessage(m.groupId(), m.epoch(), m.contentType(), m.authenticatedData(),
                m.encryptedSenderData(), ct);
        assertReason(Reason.DECRYPTION_FAILED, () -> receiver.unprotect(bad, signers));
        receiver.unprotect(m, signers);
    }

    @Test
    void openDoesNotConsumeUntilTheCallerAccepts() throws Exception {
        PrivateMessageProtector receiver = privateProtector();
        AuthenticatedContent ac = signed(WireFormat.PRIVATE_MESSAGE, content(application()));
        PrivateMessage m = privateProtector().protect(ac, 0);
        Unprotected first = receiver.open(m, signers);
        Unprotected again = receiver.open(m, signers); // not consumed: a later rejection changes nothing
        assertEquals(ac, first.content());
        assertEquals(first.generation(), again.generation());
        first.consume();
        assertReason(Reason.KEY_ALREADY_USED, () -> receiver.open(m, signers));
        assertReason(Reason.KEY_ALREADY_USED, again::consume);
        assertFalse(first.toString().contains(HexFormat.of().formatHex(senderDataSecret)));
    }

    @Test
    void paddingToABlockFillsTheLastBlock() throws Exception {
        AuthenticatedContent ac = signed(WireFormat.PRIVATE_MESSAGE, content(application()));
        PrivateMessage m = privateProtector().protectToBlock(ac, 64);
        assertEquals(ac, privateProtector().unprotect(m, signers));
        assertEquals(0, (m.ciphertext().length - 16) % 64); // AEAD tag of 16 bytes
    }

    @Test
    void tamperedAuthenticatedDataIsRejected() throws Exception {
        PrivateMessageProtector receiver = privateProtector();
        PrivateMessage m = privateProtector().protect(signed(WireFormat.PRIVATE_MESSAGE, content(application())), 0);
        PrivateMessage bad = new PrivateMessage(m.groupId(), m.epoch(), m.contentType(), bytes("AAD"),
                m.encryptedSenderData(), m.ciphertext());
        assertReason(Reason.DECRYPTION_FAILED, () -> receiver.unprotect(bad, signers));
        receiver.unprotect(m, signers);
    }

    @Test
    void tamperedSenderDataIsRejectedAndConsumesNothing() throws Exception {
        PrivateMessageProtector receiver = privateProtector();
        PrivateMessage m = privateProtector().protect(signed(WireFormat.PRIVATE_MESSAGE, content(application())), 0);
        byte[] sd = m.encryptedSenderData().clone();
        sd[sd.length - 1] ^= 1;
        PrivateMessage bad = new PrivateMessage(m.groupId(), m.epoch(), m.contentType(), m.authenticatedData(), sd,
                m.ciphertext());
        assertReason(Reason.BAD_SENDER_DATA, () -> receiver.unprotect(bad, signers));
        // content type is in SenderDataAAD
        PrivateMessage retyped = new PrivateMessage(m.groupId(), m.epoch(), ContentType.PROPOSAL, m.authenticatedData(),
                m.encryptedSenderData(), m.ciphertext());
        assertReason(Reason.BAD_SENDER_DATA, () -> receiver.unprotect(retyped, signers));
        receiver.unprotect(m, signers);
    }

    @Test
    void privateMessageOfAnotherGroupOrEpochIsRejected() throws Exception {
        PrivateMessage m = privateProtector().protect(signed(WireFormat.PRIVATE_MESSAGE, content(application())), 0);
        PrivateMessage epoch = new PrivateMessage(m.groupId(), 4, m.contentType(), m.authenticatedData(),
                m.encryptedSenderData(), m.ciphertext());
        PrivateMessage group = new PrivateMessage(bytes("other"), m.epoch(), m.contentType(), m.authenticatedData(),
                m.encryptedSenderData(), m.ciphertext());
        PrivateMessageProtector receiver = privateProtector();
        assertReason(Reason.WRONG_EPOCH, () -> receiver.unprotect(epoch, signers));
        assertReason(Reason.WRONG_GROUP, () -> receiver.unprotect(group, signers));
        assertReason(Reason.WRONG_EPOCH, () -> privateProtector().protect(
                signed(WireFormat.PRIVATE_MESSAGE, content(application(), context.groupId(), 9, SENDER)), 0));
        receiver.unprotect(m, signers);
    }

    @Test
    void senderLeafOutsideTheTreeIsUnknown() throws Exception {
        // a sender with a larger tree (same secrets) claims leaf 9; the receiver's tree has 4 leaves
        PrivateMessageProtector bigTree = privateProtector(16, RatchetPolicy.DEFAULT);
        FramedContent c = content(application(), context.groupId(), context.epoch(), 9);
        PrivateMessage m = bigTree.protect(MessageProtection.sign(suite, WireFormat.PRIVATE_MESSAGE, c, context, signer), 0);
        assertReason(Reason.UNKNOWN_SENDER, () -> privateProtector().unprotect(m, c2 -> Optional.of(signer.publicKey())));
        assertReason(Reason.UNKNOWN_SENDER, () -> privateProtector().protect(
                MessageProtection.sign(suite, WireFormat.PRIVATE_MESSAGE, c, context, signer), 0));
    }

    @Test
    void blankSenderLeafIsUnknownAndConsumesNothing() throws Exception {
        PrivateMessageProtector receiver = privateProtector();
        PrivateMessage m = privateProtector().protect(signed(WireFormat.PRIVATE_MESSAGE, content(application())), 0);
        assertReason(Reason.UNKNOWN_SENDER, () -> receiver.unprotect(m, c -> Optional.empty()));
        receiver.unprotect(m, signers);
    }

    @Test
    void badSignatureInPrivateMessageIsRejectedAndConsumesNothing() throws Exception {
        PrivateMessageProtector receiver = privateProtector();
        PrivateMessage m = privateProtector().protect(signed(WireFormat.PRIVATE_MESSAGE, content(application())), 0);
        byte[] otherKey = suite.generateSignatureKey().publicKey();
        assertReason(Reason.BAD_SIGNATURE, () -> receiver.unprotect(m, c -> Optional.of(otherKey)));
        receiver.unprotect(m, signers);
    }

    @Test
    void replayOfAGenerationIsKeyAlreadyUsed() throws Exception {
        PrivateMessageProtector receiver = privateProtector();
        PrivateMessage m = privateProtector().protect(signed(WireFormat.PRIVATE_MESSAGE, content(application())), 0);
        receiver.unprotect(m, signers);
        assertReason(Reason.KEY_ALREADY_USED, () -> receiver.unprotect(m, signers));
    }

    @Test
    void outOfOrderWithinTheLimitAndTooFarBeyondIt() throws Exception {
        PrivateMessageProtector sender = privateProtector();
        PrivateMessage[] sent = new PrivateMessage[6];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = sender.protect(signed(WireFormat.PRIVATE_MESSAGE, content(application())), 0);
        }
        PrivateMessageProtector receiver = privateProtector(LEAVES, new RatchetPolicy(3, 10));
        assertReason(Reason.GENERATION_TOO_FAR, () -> receiver.unprotect(sent[4], signers));
        receiver.unprotect(sent[3], signers);
        receiver.unprotect(sent[0], signers);
        receiver.unprotect(sent[5], signers);
        receiver.unprotect(sent[4], signers);
        receiver.unprotect(sent[2], signers);
        assertReason(Reason.KEY_ALREADY_USED, () -> receiver.unprotect(sent[3], signers));
    }

    @Test
    void nonZeroPaddingIsRejectedAndConsumesNothing() throws Exception {
        AuthenticatedContent ac = signed(WireFormat.PRIVATE_MESSAGE, content(application()));
        PrivateMessage good = privateProtector().protect(ac, 3);
        byte[] plaintext = new PrivateMessageContent(ac.content().body(), ac.auth(), 3).toBytes();
        plaintext[plaintext.length - 2] = 1;
        PrivateMessage bad = encryptRaw(ac.content(), plaintext, 0);
        PrivateMessageProtector receiver = privateProtector();
        assertReason(Reason.BAD_PADDING, () -> receiver.unprotect(bad, signers));
        assertEquals(ac, receiver.unprotect(good, signers));
    }

    /** Encrypts an arbitrary plaintext as leaf SENDER's application message of {@code generation}. */
    private PrivateMessage encryptRaw(FramedContent c, byte[] plaintext, int generation) throws Exception {
        RatchetKey key = new SecretTree(suite, encryptionSecret, LEAVES).applicationRatchet(SENDER).keyFor(generation);
        byte[] guard = {1, 2, 3, 4};
        byte[] aad = new PrivateContentAad(c.groupId(), c.epoch(), c.contentType(), c.authenticatedData()).toBytes();
        byte[] ct = suite.seal(key.key(), key.nonceWithReuseGuard(guard), aad, plaintext);
        SenderDataKey sdk = SenderDataKey.derive(suite, senderDataSecret, ct);
        byte[] sd = suite.seal(sdk.key(), sdk.nonce(), new SenderDataAad(c.groupId(), c.epoch(), c.contentType()).toBytes(),
                new SenderData(SENDER, generation, guard).toBytes());
        return new PrivateMessage(c.groupId(), c.epoch(), c.contentType(), c.authenticatedData(), sd, ct);
    }

    @Test
    void wrongReuseGuardFailsDecryption() throws Exception {
        AuthenticatedContent ac = signed(WireFormat.PRIVATE_MESSAGE, content(application()));
        byte[] plaintext = new PrivateMessageContent(ac.content().body(), ac.auth(), 0).toBytes();
        PrivateMessage m = encryptRaw(ac.content(), plaintext, 0);
        assertEquals(ac, privateProtector().unprotect(m, signers));
        // re-encrypt sender data with another reuse guard: nonce mismatch
        SenderDataKey sdk = SenderDataKey.derive(suite, senderDataSecret, m.ciphertext());
        byte[] sd = suite.seal(sdk.key(), sdk.nonce(), m.senderDataAad().toBytes(),
                new SenderData(SENDER, 0, new byte[] {9, 9, 9, 9}).toBytes());
        PrivateMessage bad = new PrivateMessage(m.groupId(), m.epoch(), m.contentType(), m.authenticatedData(), sd,
                m.ciphertext());
        assertReason(Reason.DECRYPTION_FAILED, () -> privateProtector().unprotect(bad, signers));
    }

    @Test
    void protectorsShowNoSecrets() {
        String hex = HexFormat.of().formatHex(membershipKey);
        assertFalse(publicProtector().toString().contains(hex));
        assertFalse(privateProtector().toString().contains(HexFormat.of().formatHex(senderDataSecret)));
    }

    @Test
    void commitsCarryTheirConfirmationTagThroughPrivateMessages() throws Exception {
        FramedContent c = content(new CommitContent(new dev.mlscustody.mls.message.Commit(List.of(), Optional.empty())));
        byte[] sig = MessageProtection.signature(suite, WireFormat.PRIVATE_MESSAGE, c, context, signer);
        byte[] tag = suite.mac(suite.hash(bytes("confirm")), context.confirmedTranscriptHash());
        AuthenticatedContent ac = new AuthenticatedContent(WireFormat.PRIVATE_MESSAGE, c,
                new FramedContentAuthData(sig, Optional.of(tag)));
        AuthenticatedContent back = privateProtector().unprotect(privateProtector().protect(ac, 0), signers);
        assertArrayEquals(tag, back.auth().confirmationTag().orElseThrow());
        assertThrows(IllegalArgumentException.class,
                () -> MessageProtection.sign(suite, WireFormat.PRIVATE_MESSAGE, c, context, signer));
    }
}
