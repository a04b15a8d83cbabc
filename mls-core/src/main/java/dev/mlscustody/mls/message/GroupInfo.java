package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.codec.UintRange;
import dev.mlscustody.mls.schedule.GroupContext;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * RFC 9420 §12.4.3:
 * <pre>
 * struct {
 *     GroupContext group_context;
 *     Extension extensions&lt;V&gt;;
 *     MAC confirmation_tag;
 *     uint32 signer;
 *     /* SignWithLabel(., "GroupInfoTBS", GroupInfoTBS) *&#47;
 *     opaque signature&lt;V&gt;;
 * } GroupInfo;
 * </pre>
 * {@code MAC} is {@code opaque <V>}. The signer leaf index (uint32) is held in a {@code long}.
 */
public record GroupInfo(
        GroupContext groupContext,
        List<Extension> extensions,
        byte[] confirmationTag,
        long signer,
        byte[] signature) implements TlsEncodable {

    public GroupInfo {
        Objects.requireNonNull(groupContext, "groupContext");
        extensions = List.copyOf(extensions);
        Objects.requireNonNull(confirmationTag, "confirmationTag");
        UintRange.u32(signer, "signer");
        Objects.requireNonNull(signature, "signature");
    }

    @Override
    public void encode(TlsWriter w) {
        encodeTbs(w);
        w.opaque(signature);
    }

    private void encodeTbs(TlsWriter w) {
        groupContext.encode(w);
        w.vector(extensions);
        w.opaque(confirmationTag);
        w.u32(signer);
    }

    /** GroupInfoTBS (§12.4.3): every field above the signature, signed with label "GroupInfoTBS". */
    public byte[] encodeTbs() {
        TlsWriter w = new TlsWriter();
        encodeTbs(w);
        return w.toByteArray();
    }

    public static GroupInfo decode(TlsReader r) throws DecodeException {
        return new GroupInfo(GroupContext.decode(r), Extension.decodeList(r), r.opaque(), r.u32(),
                r.opaque());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupInfo g && Arrays.equals(toBytes(), g.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "GroupInfo[groupContext=" + groupContext + ", extensions=" + extensions + ", signer=" + signer + "]";
    }
}
