package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;

/**
 * RFC 9420 §6: {@code enum { reserved(0), mls10(1), (65535) } ProtocolVersion;}
 *
 * <p>This implementation speaks mls10 only; every other value (including reserved 0) is rejected
 * where a version field is decoded. Capabilities lists keep version codes as plain integers.
 */
public enum ProtocolVersion {
    MLS10(1);

    private final int code;

    ProtocolVersion(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ProtocolVersion fromCode(int code) throws DecodeException {
        if (code == MLS10.code) {
            return MLS10;
        }
        throw new DecodeException("unsupported protocol version " + code);
    }

    public static ProtocolVersion decode(TlsReader r) throws DecodeException {
        return fromCode(r.u16());
    }

    public void encode(TlsWriter w) {
        w.u16(code);
    }
}
