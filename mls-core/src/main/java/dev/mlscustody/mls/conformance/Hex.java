package dev.mlscustody.mls.conformance;

import java.util.HexFormat;

/** Hex helpers for vector reporting. */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    public static String of(byte[] b) {
        return b == null ? "null" : HEX.formatHex(b);
    }

    /** At most 16 leading bytes, for mismatch messages of public test data. */
    public static String abbreviate(byte[] b) {
        if (b == null) {
            return "null";
        }
        String s = HEX.formatHex(b, 0, Math.min(b.length, 16));
        return b.length > 16 ? s + "..(" + b.length + " bytes)" : s;
    }

    public static byte[] parse(String s) {
        return HEX.parseHex(s);
    }
}
