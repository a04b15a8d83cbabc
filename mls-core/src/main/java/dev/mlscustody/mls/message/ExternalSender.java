package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * RFC 9420 §12.1.8.1:
 * <pre>
 * struct {
 *   SignaturePublicKey signature_key;
 *   Credential credential;
 * } ExternalSender;
 *
 * ExternalSender external_senders&lt;V&gt;;
 * </pre>
 */
public record ExternalSender(byte[] signatureKey, Credential credential) implements TlsEncodable {
    public ExternalSender {
        Objects.requireNonNull(signatureKey, "signatureKey");
        Objects.requireNonNull(credential, "credential");
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(signatureKey);
        credential.encode(w);
    }

    public static ExternalSender decode(TlsReader r) throws DecodeException {
        return new ExternalSender(r.opaque(), Credential.decode(r));
    }

    /** Decodes the {@code external_senders} list carried by an external_senders extension. */
    public static List<ExternalSender> listFromExtension(Extension extension) throws DecodeException {
        RequiredCapabilities.requireType(extension, ExtensionType.EXTERNAL_SENDERS);
        return List.copyOf(TlsReader.decodeAll(extension.data(), r -> r.vector(ExternalSender::decode)));
    }

    public static Extension toExtension(List<ExternalSender> senders) {
        TlsWriter w = new TlsWriter();
        w.vector(senders);
        return new Extension(ExtensionType.EXTERNAL_SENDERS, w.toByteArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExternalSender s && Arrays.equals(signatureKey, s.signatureKey)
                && credential.equals(s.credential);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(signatureKey) + credential.hashCode();
    }

    @Override
    public String toString() {
        return "ExternalSender[credential=" + credential + "]";
    }
}
