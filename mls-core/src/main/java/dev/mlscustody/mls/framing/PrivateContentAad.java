package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 9420 §6.3.1:
 * <pre>
 * struct {
 *     opaque group_id&lt;V&gt;;
 *     uint64 epoch;
 *     ContentType content_type;
 *     opaque authenticated_data&lt;V&gt;;
 * } PrivateContentAAD;
 * </pre>
 */
public record PrivateContentAad(byte[] groupId, long epoch, ContentType contentType, byte[] authenticatedData)
        implements TlsEncodable {

    public PrivateContentAad {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(authenticatedData, "authenticatedData");
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(groupId).u64(epoch);
        contentType.encode(w);
        w.opaque(authenticatedData);
    }

    public static PrivateContentAad decode(TlsReader r) throws DecodeException {
        return new PrivateContentAad(r.opaque(), r.u64(), ContentType.decode(r), r.opaque());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrivateContentAad a && Arrays.equals(toBytes(), a.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }
}
