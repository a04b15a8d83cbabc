package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.message.ReInit;
import java.util.List;
import java.util.Optional;

/**
 * Our own commit, sent but not yet accepted by the delivery service (RFC 9420 §14: the DS orders
 * commits). {@code supersededKeys}: destroyed after merging (our old leaf key);
 * {@code abandonedKeys}: destroyed if the commit is discarded (the new leaf key it created).
 */
record PendingCommit(EpochState next, CommitOutput output, List<KeyId> supersededKeys, List<KeyId> abandonedKeys,
                     Optional<ReInit> reinit) {
    PendingCommit {
        supersededKeys = List.copyOf(supersededKeys);
        abandonedKeys = List.copyOf(abandonedKeys);
    }
}
