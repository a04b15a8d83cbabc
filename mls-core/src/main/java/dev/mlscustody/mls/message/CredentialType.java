package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;

/**
 * RFC 9420 §5.3 / §17.5: {@code uint16 CredentialType;} — a code point of the "MLS Credential
 * Types" registry. Kept as a value so that Capabilities and RequiredCapabilities lists keep
 * unknown (e.g. GREASE) types; a {@link Credential} itself only decodes basic and x509.
 */
public record CredentialType(int code) {
    public static final CredentialType BASIC = new CredentialType(0x0001);
    public static final CredentialType X509 = new CredentialType(0x0002);

    public CredentialType {
        if (code < 0 || code > 0xffff) {
            throw new IllegalArgumentException("credential type out of range: " + code);
        }
    }

    public static CredentialType decode(TlsReader r) throws DecodeException {
        return new CredentialType(r.u16());
    }

    public void encode(TlsWriter w) {
        w.u16(code);
    }

    @Override
    public String toString() {
        return switch (code) {
            case 1 -> "basic";
            case 2 -> "x509";
            default -> String.format("credential_type(0x%04x)", code);
        };
    }
}
