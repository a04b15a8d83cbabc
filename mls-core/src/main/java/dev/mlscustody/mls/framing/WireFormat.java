package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;

/**
 * RFC 9420 §6 / §17.2: {@code uint16 WireFormat;} — the "MLS Wire Formats" registry values this
 * implementation understands. Unknown and reserved values are rejected.
 */
public enum WireFormat {
    PUBLIC_MESSAGE(1),
    PRIVATE_MESSAGE(2),
    WELCOME(3),
    GROUP_INFO(4),
    KEY_PACKAGE(5);

    private final int code;

    WireFormat(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static WireFormat fromCode(int code) throws DecodeException {
        for (WireFormat f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        throw new DecodeException("unknown wire format " + code);
    }

    public static WireFormat decode(TlsReader r) throws DecodeException {
        return fromCode(r.u16());
    }

    public void encode(TlsWriter w) {
        w.u16(code);
    }
}
