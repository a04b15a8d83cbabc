package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.codec.UintRange;
import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 9420 §6.3.2:
 * <pre>
 * struct {
 *     uint32 leaf_index;
 *     uint32 generation;
 *     opaque reuse_guard[4];
 * } SenderData;
 * </pre>
 * The uint32 leaf index and generation are held in {@code long}s.
 */
public record SenderData(long leafIndex, long generation, byte[] reuseGuard) implements TlsEncodable {
    public static final int REUSE_GUARD_LENGTH = 4;

    public SenderData {
        UintRange.u32(leafIndex, "leaf_index");
        UintRange.u32(generation, "generation");
        Objects.requireNonNull(reuseGuard, "reuseGuard");
        if (reuseGuard.length != REUSE_GUARD_LENGTH) {
            throw new IllegalArgumentException("reuse_guard must be 4 bytes, got " + reuseGuard.length);
        }
    }

    @Override
    public void encode(TlsWriter w) {
        w.u32(leafIndex).u32(generation).raw(reuseGuard);
    }

    public static SenderData decode(TlsReader r) throws DecodeException {
        return new SenderData(r.u32(), r.u32(), r.raw(REUSE_GUARD_LENGTH));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenderData s && leafIndex == s.leafIndex && generation == s.generation
                && Arrays.equals(reuseGuard, s.reuseGuard);
    }

    @Override
    public int hashCode() {
        return Objects.hash(leafIndex, generation, Arrays.hashCode(reuseGuard));
    }

    @Override
    public String toString() {
        return "SenderData[leafIndex=" + leafIndex + ", generation=" + generation + "]";
    }
}
