package dev.mlscustody.mls.schedule;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.message.Extension;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * RFC 9420 §8.1:
 * <pre>
 * struct {
 *     ProtocolVersion version = mls10;
 *     CipherSuite cipher_suite;
 *     opaque group_id&lt;V&gt;;
 *     uint64 epoch;
 *     opaque tree_hash&lt;V&gt;;
 *     opaque confirmed_transcript_hash&lt;V&gt;;
 *     Extension extensions&lt;V&gt;;
 * } GroupContext;
 * </pre>
 * {@code epoch} is an unsigned 64-bit value held in a {@code long}.
 */
public record GroupContext(
        ProtocolVersion version,
        int cipherSuite,
        byte[] groupId,
        long epoch,
        byte[] treeHash,
        byte[] confirmedTranscriptHash,
        List<Extension> extensions) implements TlsEncodable {

    public GroupContext {
        Objects.requireNonNull(version, "version");
        if (cipherSuite < 0 || cipherSuite > 0xffff) {
            throw new IllegalArgumentException("cipher_suite is not a uint16: " + cipherSuite);
        }
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(treeHash, "treeHash");
        Objects.requireNonNull(confirmedTranscriptHash, "confirmedTranscriptHash");
        extensions = List.copyOf(extensions);
    }

    /**
     * The context of the next epoch (RFC 9420 §8.1, §12.4.2): same version, suite and group, epoch + 1,
     * with the given tree hash, confirmed transcript hash and extensions. For the provisional context
     * an UpdatePath is encrypted under, pass the current confirmed transcript hash.
     */
    public GroupContext next(byte[] newTreeHash, byte[] newConfirmedTranscriptHash, List<Extension> newExtensions) {
        return new GroupContext(version, cipherSuite, groupId, epoch + 1, newTreeHash, newConfirmedTranscriptHash,
                newExtensions);
    }

    @Override
    public void encode(TlsWriter w) {
        version.encode(w);
        w.u16(cipherSuite);
        w.opaque(groupId);
        w.u64(epoch);
        w.opaque(treeHash);
        w.opaque(confirmedTranscriptHash);
        w.vector(extensions);
    }

    public static GroupContext decode(TlsReader r) throws DecodeException {
        return new GroupContext(ProtocolVersion.decode(r), r.u16(), r.opaque(), r.u64(), r.opaque(), r.opaque(),
                Extension.decodeList(r));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupContext g && Arrays.equals(toBytes(), g.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "GroupContext[cipherSuite=" + cipherSuite + ", epoch=" + Long.toUnsignedString(epoch)
                + ", extensions=" + extensions + "]";
    }
}
