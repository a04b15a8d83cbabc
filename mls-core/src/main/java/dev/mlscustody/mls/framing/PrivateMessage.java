package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 9420 §6.3:
 * <pre>
 * struct {
 *     opaque group_id&lt;V&gt;;
 *     uint64 epoch;
 *     ContentType content_type;
 *     opaque authenticated_data&lt;V&gt;;
 *     opaque encrypted_sender_data&lt;V&gt;;
 *     opaque ciphertext&lt;V&gt;;
 * } PrivateMessage;
 * </pre>
 */
public record PrivateMessage(
        byte[] groupId,
        long epoch,
        ContentType contentType,
        byte[] authenticatedData,
        byte[] encryptedSenderData,
        byte[] ciphertext) implements TlsEncodable {

    public PrivateMessage {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(authenticatedData, "authenticatedData");
        Objects.requireNonNull(encryptedSenderData, "encryptedSenderData");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(groupId).u64(epoch);
        contentType.encode(w);
        w.opaque(authenticatedData).opaque(encryptedSenderData).opaque(ciphertext);
    }

    public static PrivateMessage decode(TlsReader r) throws DecodeException {
        return new PrivateMessage(r.opaque(), r.u64(), ContentType.decode(r), r.opaque(), r.opaque(), r.opaque());
    }

    /** The AAD for the sender data (§6.3.2). */
    public SenderDataAad senderDataAad() {
        return new SenderDataAad(groupId, epoch, contentType);
    }

    /** The AAD for the content ciphertext (§6.3.1). */
    public PrivateContentAad contentAad() {
        return new PrivateContentAad(groupId, epoch, contentType, authenticatedData);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrivateMessage m && Arrays.equals(toBytes(), m.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "PrivateMessage[epoch=" + Long.toUnsignedString(epoch) + ", contentType=" + contentType
                + ", ciphertext " + ciphertext.length + " bytes]";
    }
}
