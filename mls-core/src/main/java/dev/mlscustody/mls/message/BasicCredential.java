package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/** RFC 9420 §5.3: a basic credential, {@code opaque identity<V>} (application-defined format). */
public record BasicCredential(byte[] identity) implements Credential {
    public BasicCredential {
        Objects.requireNonNull(identity, "identity");
    }

    @Override
    public CredentialType type() {
        return CredentialType.BASIC;
    }

    @Override
    public void encode(TlsWriter w) {
        CredentialType.BASIC.encode(w);
        w.opaque(identity);
    }

    /** Decodes the body that follows a credential_type of basic. */
    static BasicCredential decodeBody(TlsReader r) throws DecodeException {
        return new BasicCredential(r.opaque());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BasicCredential c && Arrays.equals(identity, c.identity);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(identity);
    }

    @Override
    public String toString() {
        return "BasicCredential[" + identity.length + " bytes]";
    }
}
