package dev.mlscustody.mls.framing;

import static dev.mlscustody.mls.message.StructSamples.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.conformance.Hex;
import dev.mlscustody.mls.message.Remove;
import dev.mlscustody.mls.message.StructSamples;
import dev.mlscustody.mls.schedule.GroupContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Framing structs: exact encodings, round trips and strict rejection of malformed input. */
class FramingTest {

    // MLSMessage(PublicMessage): version, wire format, group_id, epoch, sender member 3, aad, application "\t\t",
    // signature, membership_tag
    private static final String PUBLIC_APP = "0001" + "0001" + "020102" + "0000000000000005" + "0100000003" + "00"
            + "01" + "020909" + "0107" + "0108";

    private static MlsMessage decode(String hex) throws DecodeException {
        return MlsMessage.decode(Hex.parse(hex));
    }

    private static FramedContent content(Sender sender, FramedContentBody body) {
        return new FramedContent(bytes(1, 2), 5, sender, bytes(), body);
    }

    @Test
    void publicApplicationMessageHasTheExpectedEncoding() throws Exception {
        PublicMessage pm = new PublicMessage(content(new Sender.Member(3), new ApplicationData(bytes(9, 9))),
                new FramedContentAuthData(bytes(7), Optional.empty()), Optional.of(bytes(8)));
        assertEquals(PUBLIC_APP, Hex.of(MlsMessage.of(pm).toBytes()));
        MlsMessage decoded = decode(PUBLIC_APP);
        assertEquals(WireFormat.PUBLIC_MESSAGE, decoded.wireFormat());
        PublicMessage back = assertInstanceOf(MlsMessage.PublicMessageBody.class, decoded.body()).message();
        assertEquals(pm, back);
        assertEquals(new Sender.Member(3), back.content().sender());
    }

    @Test
    void everySenderTypeRoundTrips() throws Exception {
        for (Sender s : List.of(new Sender.Member(0xffffffffL), new Sender.External(2), new Sender.NewMemberProposal(),
                new Sender.NewMemberCommit())) {
            assertEquals(s, TlsReader.decodeAll(s.toBytes(), Sender::decode));
            assertEquals(s.senderType(), s.toBytes()[0]);
        }
    }

    @Test
    void commitFromNewMemberCarriesConfirmationButNoMembershipTag() throws Exception {
        FramedContent fc = content(new Sender.NewMemberCommit(), new CommitContent(StructSamples.commit()));
        PublicMessage pm = new PublicMessage(fc, new FramedContentAuthData(bytes(7), Optional.of(bytes(0xc0))),
                Optional.empty());
        MlsMessage m = MlsMessage.of(pm);
        assertEquals(m, MlsMessage.decode(m.toBytes()));
        byte[] b = m.toBytes();
        // ends with signature then confirmation tag
        assertEquals("0107" + "01c0", Hex.of(java.util.Arrays.copyOfRange(b, b.length - 4, b.length)));
    }

    @Test
    void framedContentTbsIncludesContextOnlyForMemberAndNewMemberCommit() throws Exception {
        GroupContext ctx = StructSamples.groupContext();
        FramedContentAuthData noTag = new FramedContentAuthData(bytes(7), Optional.empty());
        ProposalContent remove = new ProposalContent(new Remove(1));

        AuthenticatedContent member = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE,
                content(new Sender.Member(1), remove), noTag);
        String prefix = "0001" + "0001" + Hex.of(member.content().toBytes());
        assertEquals(prefix + Hex.of(ctx.toBytes()), Hex.of(member.encodeTbs(ctx)));
        assertEquals(prefix + Hex.of(ctx.toBytes()) + Hex.of(noTag.toBytes()), Hex.of(member.encodeTbm(ctx)));
        assertThrows(NullPointerException.class, () -> member.encodeTbs(null));

        AuthenticatedContent external = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE,
                content(new Sender.External(0), remove), noTag);
        assertEquals("0001" + "0001" + Hex.of(external.content().toBytes()), Hex.of(external.encodeTbs(ctx)));
        assertArrayEquals(external.encodeTbs(ctx), external.encodeTbs(null));

        AuthenticatedContent newMemberCommit = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE,
                content(new Sender.NewMemberCommit(), new CommitContent(StructSamples.commit())),
                new FramedContentAuthData(bytes(7), Optional.of(bytes(1))));
        assertTrue(Hex.of(newMemberCommit.encodeTbs(ctx)).endsWith(Hex.of(ctx.toBytes())));

        AuthenticatedContent priv = new AuthenticatedContent(WireFormat.PRIVATE_MESSAGE,
                content(new Sender.Member(1), new ApplicationData(bytes(1))), noTag);
        assertTrue(Hex.of(priv.encodeTbs(ctx)).startsWith("00010002"));
        assertEquals(priv, TlsReader.decodeAll(priv.toBytes(), AuthenticatedContent::decode));
    }

    @Test
    void constructorsEnforceTagPresence() {
        FramedContent app = content(new Sender.Member(1), new ApplicationData(bytes(1)));
        FramedContent commit = content(new Sender.Member(1), new CommitContent(StructSamples.commit()));
        FramedContentAuthData noTag = new FramedContentAuthData(bytes(7), Optional.empty());
        FramedContentAuthData tag = new FramedContentAuthData(bytes(7), Optional.of(bytes(1)));
        assertThrows(IllegalArgumentException.class, () -> new PublicMessage(app, tag, Optional.of(bytes(1))));
        assertThrows(IllegalArgumentException.class, () -> new PublicMessage(commit, noTag, Optional.of(bytes(1))));
        assertThrows(IllegalArgumentException.class, () -> new PublicMessage(app, noTag, Optional.empty()));
        FramedContent external = content(new Sender.External(1), new ProposalContent(new Remove(1)));
        assertThrows(IllegalArgumentException.class, () -> new PublicMessage(external, noTag, Optional.of(bytes(1))));
        assertThrows(IllegalArgumentException.class, () -> new AuthenticatedContent(WireFormat.WELCOME, app, noTag));
        assertThrows(IllegalArgumentException.class, () -> new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, app, tag));
        assertThrows(IllegalArgumentException.class,
                () -> new PrivateMessageContent(new CommitContent(StructSamples.commit()), noTag, 0));
        assertThrows(IllegalArgumentException.class, () -> new SenderData(1, 1, bytes(1, 2, 3)));
    }

    @Test
    void privateMessageContentPadsWithZerosAndRejectsNonZeroPadding() throws Exception {
        PrivateMessageContent pmc = new PrivateMessageContent(new ApplicationData(bytes(0x41)),
                new FramedContentAuthData(bytes(7), Optional.empty()), 3);
        assertEquals("0141" + "0107" + "000000", Hex.of(pmc.toBytes()));
        assertEquals(pmc, PrivateMessageContent.decode(pmc.toBytes(), ContentType.APPLICATION));
        assertEquals(0, PrivateMessageContent.decode(Hex.parse("01410107"), ContentType.APPLICATION).paddingLength());
        assertThrows(DecodeException.class,
                () -> PrivateMessageContent.decode(Hex.parse("0141010700000100"), ContentType.APPLICATION));
        // a commit needs the confirmation tag: missing it is a truncation
        PrivateMessageContent commit = new PrivateMessageContent(new CommitContent(StructSamples.commit()),
                new FramedContentAuthData(bytes(7), Optional.of(bytes(0x55))), 0);
        assertEquals(commit, PrivateMessageContent.decode(commit.toBytes(), ContentType.COMMIT));
        byte[] b = commit.toBytes();
        assertThrows(DecodeException.class, () -> PrivateMessageContent.decode(
                java.util.Arrays.copyOf(b, b.length - 2), ContentType.COMMIT));
        assertFalse(pmc.toString().contains("41"));
    }

    @Test
    void privateMessageAndAadsRoundTrip() throws Exception {
        PrivateMessage pm = new PrivateMessage(bytes(1), -1L, ContentType.COMMIT, bytes(2), bytes(3, 3), bytes(4));
        assertEquals("0001" + "0002" + "0101" + "ffffffffffffffff" + "03" + "0102" + "020303" + "0104",
                Hex.of(MlsMessage.of(pm).toBytes()));
        assertEquals(pm, ((MlsMessage.PrivateMessageBody) MlsMessage.decode(MlsMessage.of(pm).toBytes()).body())
                .message());
        assertEquals("0101" + "ffffffffffffffff" + "03", Hex.of(pm.senderDataAad().toBytes()));
        assertEquals("0101" + "ffffffffffffffff" + "03" + "0102", Hex.of(pm.contentAad().toBytes()));
        assertEquals(pm.senderDataAad(), TlsReader.decodeAll(pm.senderDataAad().toBytes(), SenderDataAad::decode));
        assertEquals(pm.contentAad(), TlsReader.decodeAll(pm.contentAad().toBytes(), PrivateContentAad::decode));
        SenderData sd = new SenderData(0xffffffffL, 7, bytes(1, 2, 3, 4));
        assertEquals("ffffffff" + "00000007" + "01020304", Hex.of(sd.toBytes()));
        assertEquals(sd, TlsReader.decodeAll(sd.toBytes(), SenderData::decode));
        assertThrows(DecodeException.class, () -> TlsReader.decodeAll(Hex.parse("00000001000000020102"),
                SenderData::decode));
    }

    // ---- strict decoding: every malformation is a DecodeException ----

    @Test
    void rejectsVersionOtherThanMls10() {
        assertThrows(DecodeException.class, () -> decode("0000" + PUBLIC_APP.substring(4)));
        assertThrows(DecodeException.class, () -> decode("0002" + PUBLIC_APP.substring(4)));
    }

    @Test
    void rejectsUnknownWireFormat() {
        assertThrows(DecodeException.class, () -> decode("0001" + "0000" + PUBLIC_APP.substring(8)));
        assertThrows(DecodeException.class, () -> decode("0001" + "0006" + PUBLIC_APP.substring(8)));
        assertThrows(DecodeException.class, () -> decode("0001" + "ffff" + PUBLIC_APP.substring(8)));
        // AuthenticatedContent only carries the two framing wire formats
        assertThrows(DecodeException.class, () -> TlsReader.decodeAll(Hex.parse("0003" + PUBLIC_APP.substring(8)),
                AuthenticatedContent::decode));
    }

    @Test
    void rejectsUnknownSenderType() {
        for (String t : List.of("00", "05", "ff")) {
            String hex = PUBLIC_APP.replace("0000000000000005" + "01", "0000000000000005" + t);
            assertThrows(DecodeException.class, () -> decode(hex), t);
        }
    }

    @Test
    void rejectsUnknownContentType() {
        for (String t : List.of("00", "04", "ff")) {
            String hex = PUBLIC_APP.replace("00" + "01" + "020909", "00" + t + "020909");
            assertThrows(DecodeException.class, () -> decode(hex), t);
        }
        assertThrows(DecodeException.class, () -> decode("0001" + "0002" + "0101" + "0000000000000001" + "00"
                + "00" + "00" + "00"));
        assertThrows(DecodeException.class, () -> decode("0001" + "0002" + "0101" + "0000000000000001" + "04"
                + "00" + "00" + "00"));
    }

    @Test
    void rejectsMissingOrSuperfluousMembershipTag() throws Exception {
        // member sender without membership_tag
        assertThrows(DecodeException.class, () -> decode(PUBLIC_APP.substring(0, PUBLIC_APP.length() - 4)));
        // external sender with a membership_tag: trailing bytes
        String external = PUBLIC_APP.replace("0100000003", "0200000003");
        assertThrows(DecodeException.class, () -> decode(external));
        assertEquals(WireFormat.PUBLIC_MESSAGE,
                decode(external.substring(0, external.length() - 4)).wireFormat());
    }

    @Test
    void rejectsConfirmationTagMismatch() throws Exception {
        FramedContent commit = content(new Sender.External(0), new CommitContent(StructSamples.commit()));
        byte[] withTag = MlsMessage.of(new PublicMessage(commit,
                new FramedContentAuthData(bytes(7), Optional.of(bytes(1))), Optional.empty())).toBytes();
        assertThrows(DecodeException.class, () -> MlsMessage.decode(java.util.Arrays.copyOf(withTag,
                withTag.length - 2)));
        // application content followed by a tag: trailing data
        String appExternal = PUBLIC_APP.replace("0100000003", "0200000003");
        assertThrows(DecodeException.class, () -> decode(appExternal.substring(0, appExternal.length() - 4) + "0199"));
    }

    @Test
    void rejectsTruncationAndTrailingBytes() {
        byte[] full = Hex.parse(PUBLIC_APP);
        for (int n = 0; n < full.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(full, n);
            assertThrows(DecodeException.class, () -> MlsMessage.decode(prefix), "prefix of " + n);
        }
        assertThrows(DecodeException.class, () -> decode(PUBLIC_APP + "00"));
    }

    @Test
    void rejectsBadVectorHeaders() {
        // group_id length: non-minimal 2-byte header, reserved 0b11 prefix, length beyond the input
        assertThrows(DecodeException.class, () -> decode(PUBLIC_APP.replace("00010001020102", "0001000140020102")));
        assertThrows(DecodeException.class, () -> decode(PUBLIC_APP.replace("00010001020102", "00010001c0020102")));
        assertThrows(DecodeException.class, () -> decode("00010001" + "bfffffff" + "0102"));
        assertThrows(DecodeException.class, () -> decode("00010001" + "3f" + "0102"));
    }

    @Test
    void encodesAndDecodesWithWriterHelpers() throws Exception {
        // FramedContentAuthData needs the content type to be decoded
        TlsWriter w = new TlsWriter().opaque(bytes(7)).opaque(bytes(8));
        FramedContentAuthData commitAuth = TlsReader.decodeAll(w.toByteArray(),
                r -> FramedContentAuthData.decode(r, ContentType.COMMIT));
        assertTrue(commitAuth.matches(ContentType.COMMIT));
        assertThrows(DecodeException.class, () -> TlsReader.decodeAll(w.toByteArray(),
                r -> FramedContentAuthData.decode(r, ContentType.PROPOSAL)));
    }
}
