package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SoftwareSignatureKey;
import dev.mlscustody.mls.framing.ApplicationData;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.CommitContent;
import dev.mlscustody.mls.framing.FramedContent;
import dev.mlscustody.mls.framing.FramedContentAuthData;
import dev.mlscustody.mls.framing.FramedContentBody;
import dev.mlscustody.mls.framing.MessageProtection;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.PrivateMessage;
import dev.mlscustody.mls.framing.PrivateMessageProtector;
import dev.mlscustody.mls.framing.ProposalContent;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.framing.PublicMessage;
import dev.mlscustody.mls.framing.PublicMessageProtector;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.framing.WireFormat;
import dev.mlscustody.mls.message.Commit;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.schedule.SecretTree;

import java.util.List;
import java.util.Optional;

/**
 * message-protection.json (RFC 9420 §6): with the GroupContext built from the given fields
 * (empty extensions), a 2-leaf secret tree and sender leaf 1, for the proposal, the commit and
 * the application data:
 * unprotects the given PublicMessage (not for application data) and PrivateMessage and compares
 * the content; then protects the content itself, as PublicMessage and PrivateMessage, encodes,
 * decodes and unprotects it again. Protecting application data as a PublicMessage must fail.
 */
public final class MessageProtectionCheck implements VectorCheck {
    private static final int SENDER_LEAF = 1;
    private static final int LEAVES = 2;

    private record Epoch(CipherSuite suite, GroupContext context, VectorCase c, SignatureKey signer,
                         MessageProtection.SignerKeys signers) {
        PublicMessageProtector publicProtector() throws Exception {
            return new PublicMessageProtector(suite, context, c.bytes("membership_key"));
        }

        PrivateMessageProtector privateProtector() throws Exception {
            return new PrivateMessageProtector(suite, context, c.bytes("sender_data_secret"),
                    new SecretTree(suite, c.bytes("encryption_secret"), LEAVES));
        }
    }

    @Override
    public Optional<String> check(VectorCase c) throws Exception {
        int suiteId = (int) c.number("cipher_suite");
        CipherSuite suite = CipherSuite.of(suiteId);
        GroupContext context = new GroupContext(ProtocolVersion.MLS10, suiteId, c.bytes("group_id"), c.number("epoch"),
                c.bytes("tree_hash"), c.bytes("confirmed_transcript_hash"), List.of());
        byte[] signaturePub = c.bytes("signature_pub");
        SignatureKey signer = SoftwareSignatureKey.fromPrivateKey(suite.signatureScheme(), c.bytes("signature_priv"));
        MessageProtection.SignerKeys signers = content ->
                content.sender() instanceof Sender.Member m && m.leafIndex() == SENDER_LEAF
                        ? Optional.of(signaturePub) : Optional.empty();
        Epoch epoch = new Epoch(suite, context, c, signer, signers);

        FramedContentBody proposal = new ProposalContent(TlsReader.decodeAll(c.bytes("proposal"), Proposal::decode));
        FramedContentBody commit = new CommitContent(TlsReader.decodeAll(c.bytes("commit"), Commit::decode));
        FramedContentBody application = new ApplicationData(c.bytes("application"));

        for (Object[] item : new Object[][] {
                {"proposal", proposal}, {"commit", commit}, {"application", application}}) {
            String name = (String) item[0];
            FramedContentBody body = (FramedContentBody) item[1];
            Optional<String> r = checkGiven(epoch, name, body);
            if (r.isEmpty()) {
                r = checkRoundTrip(epoch, name, body);
            }
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    /** Unprotects the vector's own {@code <name>_pub} and {@code <name>_priv} messages. */
    private static Optional<String> checkGiven(Epoch e, String name, FramedContentBody expected) throws Exception {
        if (e.c().has(name + "_pub")) {
            MlsMessage m = MlsMessage.decode(e.c().bytes(name + "_pub"));
            if (!(m.body() instanceof MlsMessage.PublicMessageBody pub)) {
                return Optional.of(name + "_pub: expected a PublicMessage, got " + m.wireFormat());
            }
            AuthenticatedContent ac = e.publicProtector().unprotect(pub.message(), e.signers());
            Optional<String> r = compareContent(name + "_pub", expected, ac);
            if (r.isPresent()) {
                return r;
            }
        }
        MlsMessage m = MlsMessage.decode(e.c().bytes(name + "_priv"));
        if (!(m.body() instanceof MlsMessage.PrivateMessageBody priv)) {
            return Optional.of(name + "_priv: expected a PrivateMessage, got " + m.wireFormat());
        }
        AuthenticatedContent ac = e.privateProtector().unprotect(priv.message(), e.signers());
        return compareContent(name + "_priv", expected, ac);
    }

    /** Protects the content itself and unprotects the encoded result with fresh state. */
    private static Optional<String> checkRoundTrip(Epoch e, String name, FramedContentBody body) throws Exception {
        FramedContent content = new FramedContent(e.context().groupId(), e.context().epoch(),
                new Sender.Member(SENDER_LEAF), new byte[0], body);

        // PublicMessage
        AuthenticatedContent pubContent = signed(e, WireFormat.PUBLIC_MESSAGE, content);
        try {
            PublicMessage pub = e.publicProtector().protect(pubContent);
            if (body instanceof ApplicationData) {
                return Optional.of(name + " as PublicMessage: expected rejection, got a message");
            }
            MlsMessage decoded = MlsMessage.decode(MlsMessage.of(pub).toBytes());
            AuthenticatedContent back = e.publicProtector().unprotect(
                    ((MlsMessage.PublicMessageBody) decoded.body()).message(), e.signers());
            Optional<String> r = compareContent(name + " round trip (public)", body, back);
            if (r.isPresent()) {
                return r;
            }
        } catch (ValidationException ex) {
            if (!(body instanceof ApplicationData) || ex.reason() != ValidationException.Reason.WRONG_WIRE_FORMAT) {
                throw ex;
            }
        }

        // PrivateMessage, with padding
        AuthenticatedContent privContent = signed(e, WireFormat.PRIVATE_MESSAGE, content);
        PrivateMessage priv = e.privateProtector().protect(privContent, 7);
        MlsMessage decoded = MlsMessage.decode(MlsMessage.of(priv).toBytes());
        AuthenticatedContent back = e.privateProtector().unprotect(
                ((MlsMessage.PrivateMessageBody) decoded.body()).message(), e.signers());
        return compareContent(name + " round trip (private)", body, back);
    }

    private static AuthenticatedContent signed(Epoch e, WireFormat wf, FramedContent content) throws Exception {
        if (content.contentType() == dev.mlscustody.mls.framing.ContentType.COMMIT) {
            byte[] sig = MessageProtection.signature(e.suite(), wf, content, e.context(), e.signer());
            // Any MAC value: the confirmation tag is checked by the group, not by message protection.
            byte[] tag = e.suite().mac(new byte[e.suite().hashLength()], e.context().confirmedTranscriptHash());
            return new AuthenticatedContent(wf, content, new FramedContentAuthData(sig, Optional.of(tag)));
        }
        return MessageProtection.sign(e.suite(), wf, content, e.context(), e.signer());
    }

    private static Optional<String> compareContent(String field, FramedContentBody expected, AuthenticatedContent got) {
        if (got.content().contentType() != expected.contentType()) {
            return Optional.of(field + ": expected " + expected.contentType() + " got " + got.content().contentType());
        }
        if (!(got.content().sender() instanceof Sender.Member m) || m.leafIndex() != SENDER_LEAF) {
            return Optional.of(field + ".sender: expected member " + SENDER_LEAF + " got " + got.content().sender());
        }
        return VectorCheck.compare(field + ".content", expected.toBytes(), got.content().body().toBytes());
    }
}
