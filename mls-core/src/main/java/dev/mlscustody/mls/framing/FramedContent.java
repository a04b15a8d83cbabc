package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 9420 §6:
 * <pre>
 * struct {
 *     opaque group_id&lt;V&gt;;
 *     uint64 epoch;
 *     Sender sender;
 *     opaque authenticated_data&lt;V&gt;;
 *
 *     ContentType content_type;
 *     select (FramedContent.content_type) {
 *         case application: opaque application_data&lt;V&gt;;
 *         case proposal:    Proposal proposal;
 *         case commit:      Commit commit;
 *     };
 * } FramedContent;
 * </pre>
 * The content_type is that of {@code body}. {@code epoch} is unsigned 64-bit.
 */
public record FramedContent(byte[] groupId, long epoch, Sender sender, byte[] authenticatedData, FramedContentBody body)
        implements TlsEncodable {

    public FramedContent {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(authenticatedData, "authenticatedData");
        Objects.requireNonNull(body, "body");
    }

    public ContentType contentType() {
        return body.contentType();
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(groupId).u64(epoch);
        sender.encode(w);
        w.opaque(authenticatedData);
        body.contentType().encode(w);
        body.encode(w);
    }

    public static FramedContent decode(TlsReader r) throws DecodeException {
        byte[] groupId = r.opaque();
        long epoch = r.u64();
        Sender sender = Sender.decode(r);
        byte[] authenticatedData = r.opaque();
        ContentType type = ContentType.decode(r);
        return new FramedContent(groupId, epoch, sender, authenticatedData, FramedContentBody.decode(type, r));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FramedContent c && Arrays.equals(toBytes(), c.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "FramedContent[epoch=" + Long.toUnsignedString(epoch) + ", sender=" + sender + ", body=" + body + "]";
    }
}
