package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;

/**
 * RFC 9420 §7.2: {@code struct { uint64 not_before; uint64 not_after; } Lifetime;}
 * Seconds since the Unix epoch, as unsigned 64-bit values held in {@code long}s (compare with
 * {@link Long#compareUnsigned}).
 */
public record Lifetime(long notBefore, long notAfter) implements TlsEncodable {
    @Override
    public void encode(TlsWriter w) {
        w.u64(notBefore).u64(notAfter);
    }

    public static Lifetime decode(TlsReader r) throws DecodeException {
        return new Lifetime(r.u64(), r.u64());
    }

    /** True if {@code epochSeconds} (unsigned) lies within [not_before, not_after]. */
    public boolean contains(long epochSeconds) {
        return Long.compareUnsigned(notBefore, epochSeconds) <= 0 && Long.compareUnsigned(epochSeconds, notAfter) <= 0;
    }
}
