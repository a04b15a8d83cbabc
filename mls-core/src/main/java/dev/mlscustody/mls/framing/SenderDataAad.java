package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 9420 §6.3.2:
 * <pre>
 * struct {
 *     opaque group_id&lt;V&gt;;
 *     uint64 epoch;
 *     ContentType content_type;
 * } SenderDataAAD;
 * </pre>
 */
public record SenderDataAad(byte[] groupId, long epoch, ContentType contentType) implements TlsEncodable {
    public SenderDataAad {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(contentType, "contentType");
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(groupId).u64(epoch);
        contentType.encode(w);
    }

    public static SenderDataAad decode(TlsReader r) throws DecodeException {
        return new SenderDataAad(r.opaque(), r.u64(), ContentType.decode(r));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenderDataAad a && Arrays.equals(toBytes(), a.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }
}
