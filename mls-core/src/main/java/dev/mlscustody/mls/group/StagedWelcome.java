package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.message.GroupInfo;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.tree.LeafNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A verified Welcome (RFC 9420 §12.4.3.1), inert until {@link #join}: the caller can inspect the
 * group (members, GroupInfo, a reinit/branch PSK) before becoming a member. {@link #keysToDestroy()}
 * lists the custody keys that the join makes useless (the KeyPackage's init key, unless it is a
 * last-resort KeyPackage): destroy them once the new group state is durable.
 */
public final class StagedWelcome {
    private final CipherSuite suite;
    private final EpochState epoch;
    private final GroupInfo groupInfo;
    private final Optional<PreSharedKeyId.Resumption> reinitOrBranch;
    private final SignatureKey signer;
    private final List<KeyId> keysToDestroy;

    StagedWelcome(CipherSuite suite, EpochState epoch, GroupInfo groupInfo,
                  Optional<PreSharedKeyId.Resumption> reinitOrBranch, SignatureKey signer, List<KeyId> keysToDestroy) {
        this.suite = suite;
        this.epoch = epoch;
        this.groupInfo = groupInfo;
        this.reinitOrBranch = reinitOrBranch;
        this.signer = signer;
        this.keysToDestroy = List.copyOf(keysToDestroy);
    }

    public GroupInfo groupInfo() {
        return groupInfo;
    }

    public byte[] groupId() {
        return epoch.context().groupId();
    }

    public long epoch() {
        return epoch.epoch();
    }

    public int ownLeafIndex() {
        return epoch.ownLeaf();
    }

    /** The members' LeafNodes by leaf index (blank leaves omitted). */
    public List<Member> members() {
        List<Member> out = new ArrayList<>();
        for (int i : epoch.tree().occupiedLeaves()) {
            LeafNode leaf = epoch.tree().leafNode(i).orElseThrow();
            out.add(new Member(i, leaf));
        }
        return out;
    }

    /** The resumption PSK with usage reinit or branch this Welcome used (§11.2, §11.3), if any. */
    public Optional<PreSharedKeyId.Resumption> reinitOrBranchPsk() {
        return reinitOrBranch;
    }

    public List<KeyId> keysToDestroy() {
        return keysToDestroy;
    }

    /** Becomes a member: the group in the epoch the Welcome describes. */
    public Group join(GroupEnvironment env) {
        return new Group(env, suite, signer, epoch);
    }

    @Override
    public String toString() {
        return "StagedWelcome[" + epoch + "]";
    }
}
