package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.codec.UintRange;
import dev.mlscustody.mls.framing.ProtocolVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * RFC 9420 §12.1.5:
 * <pre>
 * struct {
 *     opaque group_id&lt;V&gt;;
 *     ProtocolVersion version;
 *     CipherSuite cipher_suite;
 *     Extension extensions&lt;V&gt;;
 * } ReInit;
 * </pre>
 * The version must be one this implementation speaks (mls10).
 */
public record ReInit(byte[] groupId, ProtocolVersion version, int cipherSuite, List<Extension> extensions)
        implements Proposal {

    public ReInit {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(version, "version");
        UintRange.u16(cipherSuite, "cipher_suite");
        extensions = List.copyOf(extensions);
    }

    @Override
    public ProposalType type() {
        return ProposalType.REINIT;
    }

    @Override
    public void encodeBody(TlsWriter w) {
        w.opaque(groupId);
        version.encode(w);
        w.u16(cipherSuite);
        w.vector(extensions);
    }

    public static ReInit decodeBody(TlsReader r) throws DecodeException {
        return new ReInit(r.opaque(), ProtocolVersion.decode(r), r.u16(), Extension.decodeList(r));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReInit x && Arrays.equals(groupId, x.groupId) && version == x.version
                && cipherSuite == x.cipherSuite && extensions.equals(x.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(groupId), version, cipherSuite, extensions);
    }

    @Override
    public String toString() {
        return "ReInit[version=" + version + ", cipherSuite=" + cipherSuite + ", extensions=" + extensions + "]";
    }
}
