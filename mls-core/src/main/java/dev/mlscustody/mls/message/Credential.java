package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;

/**
 * RFC 9420 §5.3:
 * <pre>
 * struct { opaque cert_data&lt;V&gt;; } Certificate;
 *
 * struct {
 *     CredentialType credential_type;
 *     select (Credential.credential_type) {
 *         case basic: opaque identity&lt;V&gt;;
 *         case x509:  Certificate certificates&lt;V&gt;;
 *     };
 * } Credential;
 * </pre>
 * Only basic and x509 are understood; any other credential type is a {@link DecodeException}
 * (its body could not be delimited).
 */
public sealed interface Credential extends TlsEncodable permits BasicCredential, X509Credential {

    CredentialType type();

    static Credential decode(TlsReader r) throws DecodeException {
        int type = r.u16();
        return switch (type) {
            case 1 -> BasicCredential.decodeBody(r);
            case 2 -> X509Credential.decodeBody(r);
            default -> throw new DecodeException("unsupported credential type " + type);
        };
    }
}
