package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/** RFC 9420 §12.1.6: {@code struct { opaque kem_output<V>; } ExternalInit;} */
public record ExternalInit(byte[] kemOutput) implements Proposal {
    public ExternalInit {
        Objects.requireNonNull(kemOutput, "kemOutput");
    }

    @Override
    public ProposalType type() {
        return ProposalType.EXTERNAL_INIT;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.opaque(kemOutput);
    }

    public static ExternalInit decodeBody(TlsReader r) throws DecodeException {
        return new ExternalInit(r.opaque());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExternalInit x && Arrays.equals(kemOutput, x.kemOutput);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(kemOutput);
    }

    @Override
    public String toString() {
        return "ExternalInit[kemOutput " + kemOutput.length + " bytes]";
    }
}
