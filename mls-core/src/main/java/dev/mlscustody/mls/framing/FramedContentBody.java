package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;

/**
 * The content-type-dependent part of FramedContent and PrivateMessageContent (RFC 9420 §6, §6.3.1):
 * <pre>
 * select (content_type) {
 *     case application: opaque application_data&lt;V&gt;;
 *     case proposal:    Proposal proposal;
 *     case commit:      Commit commit;
 * };
 * </pre>
 * {@link #encode} writes the selected body only; the content_type octet is written by the
 * enclosing struct (it sits at different places in FramedContent and PrivateMessage).
 */
public sealed interface FramedContentBody extends TlsEncodable permits ApplicationData, ProposalContent, CommitContent {

    ContentType contentType();

    /** Decodes the body selected by {@code type}. */
    static FramedContentBody decode(ContentType type, TlsReader r) throws DecodeException {
        return switch (type) {
            case APPLICATION -> ApplicationData.decode(r);
            case PROPOSAL -> ProposalContent.decode(r);
            case COMMIT -> CommitContent.decode(r);
        };
    }
}
