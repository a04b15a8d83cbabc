package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.ReInit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A verified commit (RFC 9420 §12.4.2), inert: it holds the next epoch but the group does not
 * change until {@link Group#merge(StagedCommit)}. Inspect it first: who is added, removed or
 * updated, whether it removes us, whether it carries a ReInit.
 */
public final class StagedCommit {
    private final long fromEpoch;
    private final int committer;
    private final Optional<EpochState> next;
    private final Map<Integer, KeyPackage> added;
    private final Set<Integer> removed;
    private final Set<Integer> updated;
    private final List<PreSharedKeyId> psks;
    private final Optional<ReInit> reinit;
    private final boolean external;
    private final HpkePrivateKey newOwnLeafKey;
    private final EpochState base;

    StagedCommit(EpochState base, long fromEpoch, int committer, Optional<EpochState> next, Map<Integer, KeyPackage> added,
                 Set<Integer> removed, Set<Integer> updated, List<PreSharedKeyId> psks, Optional<ReInit> reinit,
                 boolean external, HpkePrivateKey newOwnLeafKey) {
        this.fromEpoch = fromEpoch;
        this.committer = committer;
        this.next = next;
        this.added = Map.copyOf(added);
        this.removed = Set.copyOf(removed);
        this.updated = Set.copyOf(updated);
        this.psks = List.copyOf(psks);
        this.reinit = reinit;
        this.external = external;
        this.newOwnLeafKey = newOwnLeafKey;
        this.base = base;
    }

    /** The state this commit was staged against: merging into any other state is refused. */
    EpochState base() {
        return base;
    }

    /** The epoch this commit applies to. */
    public long fromEpoch() {
        return fromEpoch;
    }

    /** The epoch the group enters on merge. */
    public long toEpoch() {
        return fromEpoch + 1;
    }

    /** The committer's leaf index (for an external commit: the joiner's new leaf). */
    public int committer() {
        return committer;
    }

    public boolean isExternal() {
        return external;
    }

    /** Leaf index -> KeyPackage of each member added. */
    public Map<Integer, KeyPackage> added() {
        return added;
    }

    public Set<Integer> removed() {
        return removed;
    }

    public Set<Integer> updated() {
        return updated;
    }

    public List<PreSharedKeyId> psks() {
        return psks;
    }

    public Optional<ReInit> reinit() {
        return reinit;
    }

    /** True if this commit removes us: after merge the group is inactive (§12.4.2). */
    public boolean removesUs() {
        return next.isEmpty();
    }

    /** The epoch authenticator of the new epoch (§8.7), empty if we are removed. */
    public Optional<byte[]> epochAuthenticator() {
        return next.map(e -> e.secrets().epochAuthenticator());
    }

    Optional<EpochState> next() {
        return next;
    }

    /** Our leaf key in the new epoch if it changes (an Update of ours was committed), else null. */
    HpkePrivateKey newOwnLeafKey() {
        return newOwnLeafKey;
    }

    @Override
    public String toString() {
        return "StagedCommit[epoch " + fromEpoch + " -> " + (fromEpoch + 1) + ", committer " + committer + ", +"
                + added.size() + " -" + removed.size() + " ~" + updated.size() + (removesUs() ? ", removes us" : "")
                + "]";
    }
}
