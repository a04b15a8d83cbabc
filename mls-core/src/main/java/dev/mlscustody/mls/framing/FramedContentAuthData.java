package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * RFC 9420 §6.1:
 * <pre>
 * opaque MAC&lt;V&gt;;
 *
 * struct {
 *     /* SignWithLabel(., "FramedContentTBS", FramedContentTBS) *&#47;
 *     opaque signature&lt;V&gt;;
 *     select (FramedContent.content_type) {
 *         case commit:
 *             /* MAC(confirmation_key, GroupContext.confirmed_transcript_hash) *&#47;
 *             MAC confirmation_tag;
 *         case application:
 *         case proposal:
 *             struct{};
 *     };
 * } FramedContentAuthData;
 * </pre>
 * The struct carries no type of its own: decoding needs the content type, and the confirmation
 * tag is present exactly for commits (enforced by {@link AuthenticatedContent},
 * {@link PublicMessage} and {@link PrivateMessageContent}).
 */
public record FramedContentAuthData(byte[] signature, Optional<byte[]> confirmationTag) implements TlsEncodable {
    public FramedContentAuthData {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(confirmationTag, "confirmationTag");
    }

    /** True if the confirmation tag is present exactly when {@code type} is commit. */
    public boolean matches(ContentType type) {
        return confirmationTag.isPresent() == (type == ContentType.COMMIT);
    }

    static void requireMatch(FramedContentAuthData auth, ContentType type) {
        if (!auth.matches(type)) {
            throw new IllegalArgumentException("confirmation_tag must be present exactly for commit content, not for "
                    + type);
        }
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(signature);
        confirmationTag.ifPresent(w::opaque);
    }

    public static FramedContentAuthData decode(TlsReader r, ContentType type) throws DecodeException {
        byte[] signature = r.opaque();
        Optional<byte[]> tag = type == ContentType.COMMIT ? Optional.of(r.opaque()) : Optional.empty();
        return new FramedContentAuthData(signature, tag);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FramedContentAuthData a && Arrays.equals(signature, a.signature)
                && confirmationTag.isPresent() == a.confirmationTag.isPresent()
                && (confirmationTag.isEmpty() || Arrays.equals(confirmationTag.get(), a.confirmationTag.get()));
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(signature) + confirmationTag.map(Arrays::hashCode).orElse(0);
    }

    @Override
    public String toString() {
        return "FramedContentAuthData[signature " + signature.length + " bytes, confirmationTag "
                + (confirmationTag.isPresent() ? "present" : "absent") + "]";
    }
}
