package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 9420 §8.4:
 * <pre>
 * enum { reserved(0), external(1), resumption(2), (255) } PSKType;
 *
 * struct {
 *   PSKType psktype;
 *   select (PreSharedKeyID.psktype) {
 *     case external:
 *       opaque psk_id&lt;V&gt;;
 *     case resumption:
 *       ResumptionPSKUsage usage;
 *       opaque psk_group_id&lt;V&gt;;
 *       uint64 psk_epoch;
 *   };
 *   opaque psk_nonce&lt;V&gt;;
 * } PreSharedKeyID;
 * </pre>
 * Reserved and unknown PSK types are rejected.
 */
public sealed interface PreSharedKeyId extends TlsEncodable
        permits PreSharedKeyId.External, PreSharedKeyId.Resumption {

    int EXTERNAL = 1;
    int RESUMPTION = 2;

    byte[] pskNonce();

    /** An externally provisioned PSK, named by {@code psk_id}. */
    record External(byte[] pskId, byte[] pskNonce) implements PreSharedKeyId {
        public External {
            Objects.requireNonNull(pskId, "pskId");
            Objects.requireNonNull(pskNonce, "pskNonce");
        }

        @Override
        public void encode(TlsWriter w) {
            w.u8(EXTERNAL).opaque(pskId).opaque(pskNonce);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof External e && Arrays.equals(pskId, e.pskId) && Arrays.equals(pskNonce, e.pskNonce);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(pskId) + Arrays.hashCode(pskNonce);
        }

        @Override
        public String toString() {
            return "PreSharedKeyId.External[pskId " + pskId.length + " bytes]";
        }
    }

    /** A resumption PSK of epoch {@code pskEpoch} (unsigned) of group {@code pskGroupId}. */
    record Resumption(ResumptionPskUsage usage, byte[] pskGroupId, long pskEpoch, byte[] pskNonce)
            implements PreSharedKeyId {
        public Resumption {
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(pskGroupId, "pskGroupId");
            Objects.requireNonNull(pskNonce, "pskNonce");
        }

        @Override
        public void encode(TlsWriter w) {
            w.u8(RESUMPTION).u8(usage.code()).opaque(pskGroupId).u64(pskEpoch).opaque(pskNonce);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Resumption e && usage == e.usage && Arrays.equals(pskGroupId, e.pskGroupId)
                    && pskEpoch == e.pskEpoch && Arrays.equals(pskNonce, e.pskNonce);
        }

        @Override
        public int hashCode() {
            return Objects.hash(usage, Arrays.hashCode(pskGroupId), pskEpoch, Arrays.hashCode(pskNonce));
        }

        @Override
        public String toString() {
            return "PreSharedKeyId.Resumption[usage=" + usage + ", epoch=" + Long.toUnsignedString(pskEpoch) + "]";
        }
    }

    static PreSharedKeyId decode(TlsReader r) throws DecodeException {
        int type = r.u8();
        return switch (type) {
            case EXTERNAL -> new External(r.opaque(), r.opaque());
            case RESUMPTION -> new Resumption(ResumptionPskUsage.fromCode(r.u8()), r.opaque(), r.u64(), r.opaque());
            default -> throw new DecodeException("unknown PSK type " + type);
        };
    }
}
