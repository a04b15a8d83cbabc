package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 9420 §6.3.1:
 * <pre>
 * struct {
 *     select (PrivateMessage.content_type) {
 *         case application: opaque application_data&lt;V&gt;;
 *         case proposal:    Proposal proposal;
 *         case commit:      Commit commit;
 *     };
 *
 *     FramedContentAuthData auth;
 *     opaque padding[length_of_padding];
 * } PrivateMessageContent;
 * </pre>
 * Encoding appends {@code paddingLength} zero bytes. Decoding takes the content type from the
 * enclosing PrivateMessage, consumes the rest of the input as padding and rejects any non-zero
 * padding byte. Decrypted plaintext: {@link #toString()} shows no content.
 */
public record PrivateMessageContent(FramedContentBody body, FramedContentAuthData auth, int paddingLength)
        implements TlsEncodable {

    public PrivateMessageContent {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(auth, "auth");
        if (paddingLength < 0) {
            throw new IllegalArgumentException("negative padding length");
        }
        FramedContentAuthData.requireMatch(auth, body.contentType());
    }

    public ContentType contentType() {
        return body.contentType();
    }

    @Override
    public void encode(TlsWriter w) {
        body.encode(w);
        auth.encode(w);
        w.raw(new byte[paddingLength]);
    }

    /** Decodes the plaintext of a PrivateMessage whose content_type is {@code type}; consumes all input. */
    public static PrivateMessageContent decode(TlsReader r, ContentType type) throws DecodeException {
        FramedContentBody body = FramedContentBody.decode(type, r);
        FramedContentAuthData auth = FramedContentAuthData.decode(r, type);
        int padding = r.remaining();
        byte[] pad = r.raw(padding);
        for (byte b : pad) {
            if (b != 0) {
                throw new DecodeException("non-zero padding in PrivateMessageContent");
            }
        }
        return new PrivateMessageContent(body, auth, padding);
    }

    public static PrivateMessageContent decode(byte[] plaintext, ContentType type) throws DecodeException {
        return TlsReader.decodeAll(plaintext, r -> decode(r, type));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrivateMessageContent c && Arrays.equals(toBytes(), c.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "PrivateMessageContent[" + body.contentType() + ", redacted]";
    }
}
