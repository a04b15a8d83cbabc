package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.codec.UintRange;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * RFC 9420 §7.1:
 * <pre>
 * struct {
 *     HPKEPublicKey encryption_key;
 *     opaque parent_hash&lt;V&gt;;
 *     uint32 unmerged_leaves&lt;V&gt;;
 * } ParentNode;
 * </pre>
 * The sort order of {@code unmerged_leaves} is a validation rule (§7.1) and is not enforced by the
 * decoder; see {@link #unmergedLeavesSorted()}. Leaf indices (uint32) are held in {@code long}s.
 */
public record ParentNode(byte[] encryptionKey, byte[] parentHash, List<Long> unmergedLeaves)
        implements TlsEncodable {

    public ParentNode {
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        Objects.requireNonNull(parentHash, "parentHash");
        unmergedLeaves = List.copyOf(unmergedLeaves);
        for (long leaf : unmergedLeaves) {
            UintRange.u32(leaf, "unmerged leaf index");
        }
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(encryptionKey).opaque(parentHash);
        w.vector(unmergedLeaves, (ww, leaf) -> ww.u32(leaf));
    }

    public static ParentNode decode(TlsReader r) throws DecodeException {
        return new ParentNode(r.opaque(), r.opaque(), r.vector(TlsReader::u32));
    }

    /** True if the unmerged leaves are strictly increasing, as §7.1 requires. */
    public boolean unmergedLeavesSorted() {
        for (int i = 1; i < unmergedLeaves.size(); i++) {
            if (unmergedLeaves.get(i - 1) >= unmergedLeaves.get(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParentNode p && Arrays.equals(encryptionKey, p.encryptionKey)
                && Arrays.equals(parentHash, p.parentHash) && unmergedLeaves.equals(p.unmergedLeaves);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(encryptionKey), Arrays.hashCode(parentHash), unmergedLeaves);
    }

    @Override
    public String toString() {
        return "ParentNode[unmergedLeaves=" + unmergedLeaves + "]";
    }
}
