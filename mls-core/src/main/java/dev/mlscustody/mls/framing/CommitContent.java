package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.message.Commit;
import java.util.Objects;

/** Commit content, {@code Commit commit} (RFC 9420 §6). */
public record CommitContent(Commit commit) implements FramedContentBody {
    public CommitContent {
        Objects.requireNonNull(commit, "commit");
    }

    @Override
    public ContentType contentType() {
        return ContentType.COMMIT;
    }

    @Override
    public void encode(TlsWriter w) {
        commit.encode(w);
    }

    public static CommitContent decode(TlsReader r) throws DecodeException {
        return new CommitContent(Commit.decode(r));
    }
}
