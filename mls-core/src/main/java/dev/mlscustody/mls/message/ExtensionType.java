package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;

/**
 * RFC 9420 §7.2 / §17.3: {@code uint16 ExtensionType;} — a code point of the "MLS Extension Types"
 * registry. Unknown values (including GREASE, §13.5) are kept: extensions that a client does not
 * understand must survive a decode/encode round trip.
 */
public record ExtensionType(int code) {
    public static final ExtensionType APPLICATION_ID = new ExtensionType(0x0001);
    public static final ExtensionType RATCHET_TREE = new ExtensionType(0x0002);
    public static final ExtensionType REQUIRED_CAPABILITIES = new ExtensionType(0x0003);
    public static final ExtensionType EXTERNAL_PUB = new ExtensionType(0x0004);
    public static final ExtensionType EXTERNAL_SENDERS = new ExtensionType(0x0005);

    public ExtensionType {
        if (code < 0 || code > 0xffff) {
            throw new IllegalArgumentException("extension type out of range: " + code);
        }
    }

    /** True for the extension types defined by RFC 9420 itself (1..5). */
    public boolean isDefaultType() {
        return code >= 1 && code <= 5;
    }

    /** True for a GREASE value of RFC 9420 §13.5 (0x0A0A, 0x1A1A, ..., 0xEAEA). */
    public boolean isGrease() {
        return isGreaseCode(code);
    }

    static boolean isGreaseCode(int code) {
        return (code & 0x0f0f) == 0x0a0a && ((code >> 8) & 0xff) == (code & 0xff) && code != 0xfafa;
    }

    public static ExtensionType decode(TlsReader r) throws DecodeException {
        return new ExtensionType(r.u16());
    }

    public void encode(TlsWriter w) {
        w.u16(code);
    }

    @Override
    public String toString() {
        return switch (code) {
            case 1 -> "application_id";
            case 2 -> "ratchet_tree";
            case 3 -> "required_capabilities";
            case 4 -> "external_pub";
            case 5 -> "external_senders";
            default -> String.format("extension_type(0x%04x)", code);
        };
    }
}
