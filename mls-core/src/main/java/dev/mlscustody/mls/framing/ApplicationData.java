package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * Application content, {@code opaque application_data<V>} (RFC 9420 §6). Plaintext application
 * data: {@link #toString()} shows its length only.
 */
public record ApplicationData(byte[] data) implements FramedContentBody {
    public ApplicationData {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public ContentType contentType() {
        return ContentType.APPLICATION;
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(data);
    }

    public static ApplicationData decode(TlsReader r) throws DecodeException {
        return new ApplicationData(r.opaque());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApplicationData a && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ApplicationData[" + data.length + " bytes]";
    }
}
