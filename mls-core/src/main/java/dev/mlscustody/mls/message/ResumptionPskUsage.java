package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;

/**
 * RFC 9420 §8.4: {@code enum { reserved(0), application(1), reinit(2), branch(3), (255) } ResumptionPSKUsage;}
 * Reserved and unknown values are rejected.
 */
public enum ResumptionPskUsage {
    APPLICATION(1),
    REINIT(2),
    BRANCH(3);

    private final int code;

    ResumptionPskUsage(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ResumptionPskUsage fromCode(int code) throws DecodeException {
        return switch (code) {
            case 1 -> APPLICATION;
            case 2 -> REINIT;
            case 3 -> BRANCH;
            default -> throw new DecodeException("unknown resumption PSK usage " + code);
        };
    }
}
