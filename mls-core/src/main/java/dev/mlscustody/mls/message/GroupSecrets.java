package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * RFC 9420 §12.4.3.1:
 * <pre>
 * struct {
 *   opaque joiner_secret&lt;V&gt;;
 *   optional&lt;PathSecret&gt; path_secret;
 *   PreSharedKeyID psks&lt;V&gt;;
 * } GroupSecrets;
 * </pre>
 * Secret material: {@link #toString()} shows no secret.
 */
public record GroupSecrets(byte[] joinerSecret, Optional<PathSecret> pathSecret, List<PreSharedKeyId> psks)
        implements TlsEncodable {

    public GroupSecrets {
        Objects.requireNonNull(joinerSecret, "joinerSecret");
        Objects.requireNonNull(pathSecret, "pathSecret");
        psks = List.copyOf(psks);
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(joinerSecret);
        w.optional(pathSecret, (ww, p) -> p.encode(ww));
        w.vector(psks);
    }

    public static GroupSecrets decode(TlsReader r) throws DecodeException {
        return new GroupSecrets(r.opaque(), r.optional(PathSecret::decode), r.vector(PreSharedKeyId::decode));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupSecrets g && Arrays.equals(joinerSecret, g.joinerSecret)
                && pathSecret.equals(g.pathSecret) && psks.equals(g.psks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(joinerSecret), pathSecret, psks);
    }

    @Override
    public String toString() {
        return "GroupSecrets[joinerSecret=redacted, pathSecret=" + (pathSecret.isPresent() ? "redacted" : "none")
                + ", psks=" + psks + "]";
    }
}
