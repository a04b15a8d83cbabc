package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * RFC 9420 §6.2:
 * <pre>
 * struct {
 *     FramedContent content;
 *     FramedContentAuthData auth;
 *     select (PublicMessage.content.sender.sender_type) {
 *         case member:
 *             MAC membership_tag;
 *         case external:
 *         case new_member_commit:
 *         case new_member_proposal:
 *             struct{};
 *     };
 * } PublicMessage;
 * </pre>
 * The membership tag is present exactly for member senders; the confirmation tag exactly for
 * commits. Both are enforced on construction and on decode.
 */
public record PublicMessage(FramedContent content, FramedContentAuthData auth, Optional<byte[]> membershipTag)
        implements TlsEncodable {

    public PublicMessage {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(membershipTag, "membershipTag");
        FramedContentAuthData.requireMatch(auth, content.contentType());
        if (membershipTag.isPresent() != (content.sender() instanceof Sender.Member)) {
            throw new IllegalArgumentException("membership_tag must be present exactly for member senders");
        }
    }

    /** Wraps {@code authenticated} (which must have wire format mls_public_message). */
    public static PublicMessage of(AuthenticatedContent authenticated, Optional<byte[]> membershipTag) {
        if (authenticated.wireFormat() != WireFormat.PUBLIC_MESSAGE) {
            throw new IllegalArgumentException("not a public message: " + authenticated.wireFormat());
        }
        return new PublicMessage(authenticated.content(), authenticated.auth(), membershipTag);
    }

    /** The AuthenticatedContent this message carries (wire format mls_public_message). */
    public AuthenticatedContent authenticatedContent() {
        return new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content, auth);
    }

    @Override
    public void encode(TlsWriter w) {
        content.encode(w);
        auth.encode(w);
        membershipTag.ifPresent(w::opaque);
    }

    public static PublicMessage decode(TlsReader r) throws DecodeException {
        FramedContent content = FramedContent.decode(r);
        FramedContentAuthData auth = FramedContentAuthData.decode(r, content.contentType());
        Optional<byte[]> tag = content.sender() instanceof Sender.Member ? Optional.of(r.opaque()) : Optional.empty();
        return new PublicMessage(content, auth, tag);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicMessage m && Arrays.equals(toBytes(), m.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "PublicMessage[content=" + content + ", auth=" + auth + "]";
    }
}
