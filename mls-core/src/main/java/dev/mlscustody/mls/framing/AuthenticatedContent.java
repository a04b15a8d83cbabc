package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.schedule.GroupContext;
import java.util.Objects;

/**
 * RFC 9420 §6:
 * <pre>
 * struct {
 *     WireFormat wire_format;
 *     FramedContent content;
 *     FramedContentAuthData auth;
 * } AuthenticatedContent;
 * </pre>
 * The wire format is mls_public_message or mls_private_message; the confirmation tag is present
 * exactly for commit content. Both are enforced on construction and on decode.
 */
public record AuthenticatedContent(WireFormat wireFormat, FramedContent content, FramedContentAuthData auth)
        implements TlsEncodable {

    public AuthenticatedContent {
        Objects.requireNonNull(wireFormat, "wireFormat");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(auth, "auth");
        if (!isFramingWireFormat(wireFormat)) {
            throw new IllegalArgumentException("AuthenticatedContent wire format must be public or private message: "
                    + wireFormat);
        }
        FramedContentAuthData.requireMatch(auth, content.contentType());
    }

    static boolean isFramingWireFormat(WireFormat f) {
        return f == WireFormat.PUBLIC_MESSAGE || f == WireFormat.PRIVATE_MESSAGE;
    }

    @Override
    public void encode(TlsWriter w) {
        wireFormat.encode(w);
        content.encode(w);
        auth.encode(w);
    }

    public static AuthenticatedContent decode(TlsReader r) throws DecodeException {
        WireFormat wireFormat = WireFormat.decode(r);
        if (!isFramingWireFormat(wireFormat)) {
            throw new DecodeException("AuthenticatedContent with wire format " + wireFormat);
        }
        FramedContent content = FramedContent.decode(r);
        return new AuthenticatedContent(wireFormat, content, FramedContentAuthData.decode(r, content.contentType()));
    }

    /**
     * FramedContentTBS (§6.1), the content signed with label "FramedContentTBS":
     * <pre>
     * struct {
     *     ProtocolVersion version = mls10;
     *     WireFormat wire_format;
     *     FramedContent content;
     *     select (FramedContentTBS.content.sender.sender_type) {
     *         case member:
     *         case new_member_commit:   GroupContext context;
     *         case external:
     *         case new_member_proposal: struct{};
     *     };
     * } FramedContentTBS;
     * </pre>
     * {@code context} is required for member and new_member_commit senders and ignored (may be
     * null) otherwise.
     */
    public byte[] encodeTbs(GroupContext context) {
        TlsWriter w = new TlsWriter();
        encodeTbs(w, context);
        return w.toByteArray();
    }

    private void encodeTbs(TlsWriter w, GroupContext context) {
        encodeTbs(w, wireFormat, content, context);
    }

    /**
     * Writes the FramedContentTBS of {@code content} sent as {@code wireFormat}. Static so a
     * Commit can be signed before its confirmation tag (and so its AuthenticatedContent) exists.
     */
    static void encodeTbs(TlsWriter w, WireFormat wireFormat, FramedContent content, GroupContext context) {
        ProtocolVersion.MLS10.encode(w);
        wireFormat.encode(w);
        content.encode(w);
        switch (content.sender()) {
            case Sender.Member m -> Objects.requireNonNull(context, "GroupContext is required for a member sender")
                    .encode(w);
            case Sender.NewMemberCommit c -> Objects.requireNonNull(context,
                    "GroupContext is required for a new_member_commit sender").encode(w);
            case Sender.External e -> { }
            case Sender.NewMemberProposal p -> { }
        }
    }

    /**
     * AuthenticatedContentTBM (§6.2), the input of the membership tag MAC:
     * {@code struct { FramedContentTBS content_tbs; FramedContentAuthData auth; } AuthenticatedContentTBM;}
     */
    public byte[] encodeTbm(GroupContext context) {
        TlsWriter w = new TlsWriter();
        encodeTbs(w, context);
        auth.encode(w);
        return w.toByteArray();
    }
}
