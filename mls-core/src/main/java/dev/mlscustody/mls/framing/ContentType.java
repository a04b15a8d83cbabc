package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;

/**
 * RFC 9420 §6: {@code enum { reserved(0), application(1), proposal(2), commit(3), (255) } ContentType;}
 * Reserved and unknown values are rejected.
 */
public enum ContentType {
    APPLICATION(1),
    PROPOSAL(2),
    COMMIT(3);

    private final int code;

    ContentType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ContentType fromCode(int code) throws DecodeException {
        return switch (code) {
            case 1 -> APPLICATION;
            case 2 -> PROPOSAL;
            case 3 -> COMMIT;
            default -> throw new DecodeException("unknown content type " + code);
        };
    }

    public static ContentType decode(TlsReader r) throws DecodeException {
        return fromCode(r.u8());
    }

    public void encode(TlsWriter w) {
        w.u8(code);
    }
}
