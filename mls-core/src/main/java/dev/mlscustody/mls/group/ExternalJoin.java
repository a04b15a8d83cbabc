package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.framing.MlsMessage;
import java.util.List;
import java.util.Objects;

/**
 * An external commit we created to join a group (RFC 9420 §12.4.3.2): the commit to send, and
 * the group we are a member of once the delivery service accepts it. If it is rejected, drop
 * {@code group} and destroy {@code keysIfRejected} (the new leaf key).
 */
public record ExternalJoin(MlsMessage commit, Group group, List<KeyId> keysIfRejected) {
    public ExternalJoin {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(group, "group");
        keysIfRejected = List.copyOf(keysIfRejected);
    }
}
