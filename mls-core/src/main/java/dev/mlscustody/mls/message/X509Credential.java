package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 9420 §5.3: an X.509 credential, {@code Certificate certificates<V>}; each entry is one
 * DER certificate ({@code opaque cert_data<V>}), end-entity first. The chain is not parsed here.
 */
public record X509Credential(List<byte[]> certificates) implements Credential {
    public X509Credential {
        certificates = List.copyOf(certificates);
    }

    @Override
    public CredentialType type() {
        return CredentialType.X509;
    }

    @Override
    public void encode(TlsWriter w) {
        CredentialType.X509.encode(w);
        w.vector(certificates, TlsWriter::opaque);
    }

    static X509Credential decodeBody(TlsReader r) throws DecodeException {
        return new X509Credential(r.vector(TlsReader::opaque));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof X509Credential c) || c.certificates.size() != certificates.size()) {
            return false;
        }
        for (int i = 0; i < certificates.size(); i++) {
            if (!Arrays.equals(certificates.get(i), c.certificates.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (byte[] cert : certificates) {
            h = 31 * h + Arrays.hashCode(cert);
        }
        return h;
    }

    @Override
    public String toString() {
        return "X509Credential[" + certificates.size() + " certificates]";
    }
}
