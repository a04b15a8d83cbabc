package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.KeyId;
import java.util.List;

/**
 * The outcome of merging a commit (received or our own). {@code keysToDestroy} names the custody
 * keys the new state no longer references (our replaced leaf HPKE key, leaf keys of Update
 * proposals that were not committed, RFC 9420 §7.5 / DESIGN "destroy when superseded"). Destroy
 * them only after the new group state is durable.
 *
 * @param active false if the commit removed us from the group (§12.4.2)
 */
public record MergeResult(long epoch, boolean active, List<KeyId> keysToDestroy) {
    public MergeResult {
        keysToDestroy = List.copyOf(keysToDestroy);
    }
}
