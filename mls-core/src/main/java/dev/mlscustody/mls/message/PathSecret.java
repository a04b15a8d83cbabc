package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 9420 §12.4.3.1: {@code struct { opaque path_secret<V>; } PathSecret;} — secret material:
 * {@link #toString()} never shows it.
 */
public record PathSecret(byte[] pathSecret) implements TlsEncodable {
    public PathSecret {
        Objects.requireNonNull(pathSecret, "pathSecret");
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(pathSecret);
    }

    public static PathSecret decode(TlsReader r) throws DecodeException {
        return new PathSecret(r.opaque());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathSecret p && Arrays.equals(pathSecret, p.pathSecret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pathSecret);
    }

    @Override
    public String toString() {
        return "PathSecret[redacted]";
    }
}
