package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/** RFC 9420 §12.4.3.2, the data of an {@code external_pub} extension: {@code struct { HPKEPublicKey external_pub; } ExternalPub;} */
public record ExternalPub(byte[] externalPub) implements TlsEncodable {
    public ExternalPub {
        Objects.requireNonNull(externalPub, "externalPub");
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(externalPub);
    }

    public static ExternalPub decode(TlsReader r) throws DecodeException {
        return new ExternalPub(r.opaque());
    }

    public static ExternalPub fromExtension(Extension extension) throws DecodeException {
        RequiredCapabilities.requireType(extension, ExtensionType.EXTERNAL_PUB);
        return TlsReader.decodeAll(extension.data(), ExternalPub::decode);
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.EXTERNAL_PUB, toBytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExternalPub p && Arrays.equals(externalPub, p.externalPub);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(externalPub);
    }

    @Override
    public String toString() {
        return "ExternalPub[" + externalPub.length + " bytes]";
    }
}
