package dev.mlscustody.mls.codec;

/**
 * Range checks for unsigned integer fields held in wider Java types (uint16 in {@code int},
 * uint32 in {@code long}), for record constructors. Violations are programming errors
 * ({@link IllegalArgumentException}); decoded values are in range by construction.
 */
public final class UintRange {
    public static final long MAX_U32 = 0xffffffffL;

    private UintRange() {
    }

    public static int u16(int value, String what) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException(what + " is not a uint16: " + value);
        }
        return value;
    }

    public static long u32(long value, String what) {
        if (value < 0 || value > MAX_U32) {
            throw new IllegalArgumentException(what + " is not a uint32: " + value);
        }
        return value;
    }
}
