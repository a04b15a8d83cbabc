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

    /**
     * §12.4.3.1 for usage reinit: the Welcome resumes {@code old}, whose last commit carried a
     * ReInit matching this group's id, version, suite and extensions, and every member of the old
     * group (by signature key) is a member here.
     */
    public void checkReinitOf(Group old) throws dev.mlscustody.mls.ValidationException {
        var psk = requireResumption(old, dev.mlscustody.mls.message.ResumptionPskUsage.REINIT);
        var ri = old.reinitProposal().orElseThrow(() -> invalid("the old group was not closed by a ReInit"));
        var ctx = groupInfo.groupContext();
        if (!java.util.Arrays.equals(ri.groupId(), ctx.groupId()) || ri.version() != ctx.version()
                || ri.cipherSuite() != ctx.cipherSuite() || !ri.extensions().equals(ctx.extensions())) {
            throw invalid("the new group does not match the ReInit proposal");
        }
        if (psk.pskEpoch() != old.epoch()) {
            throw invalid("the reinit PSK is not from the old group's last epoch");
        }
        requireMembers(old.members(), true);
    }

    /** §12.4.3.1 for usage branch: same version and suite as {@code old}; members are a subset of its members. */
    public void checkBranchOf(Group old) throws dev.mlscustody.mls.ValidationException {
        requireResumption(old, dev.mlscustody.mls.message.ResumptionPskUsage.BRANCH);
        if (groupInfo.groupContext().cipherSuite() != old.cipherSuite().id()
                || groupInfo.groupContext().version() != old.groupContext().version()) {
            throw invalid("a branch keeps the version and cipher suite");
        }
        requireMembers(old.members(), false);
    }

    private PreSharedKeyId.Resumption requireResumption(Group old, dev.mlscustody.mls.message.ResumptionPskUsage usage)
            throws dev.mlscustody.mls.ValidationException {
        PreSharedKeyId.Resumption psk = reinitOrBranch.orElseThrow(() -> invalid("no " + usage + " resumption PSK"));
        if (psk.usage() != usage || !java.util.Arrays.equals(psk.pskGroupId(), old.groupId())) {
            throw invalid("the resumption PSK does not name the old group with usage " + usage);
        }
        return psk;
    }

    /** all = every old member is here (reinit); otherwise every member here was an old member (branch). */
    private void requireMembers(List<Member> oldMembers, boolean all) throws dev.mlscustody.mls.ValidationException {
        java.util.Set<java.nio.ByteBuffer> before = new java.util.HashSet<>();
        for (Member m : oldMembers) {
            before.add(java.nio.ByteBuffer.wrap(m.credential().toBytes()));
        }
        java.util.Set<java.nio.ByteBuffer> now = new java.util.HashSet<>();
        for (Member m : members()) {
            now.add(java.nio.ByteBuffer.wrap(m.credential().toBytes()));
        }
        if (all ? !now.containsAll(before) : !before.containsAll(now)) {
            throw invalid(all ? "an old member is missing from the reinitialized group"
                    : "the branch has a member that was not in the old group");
        }
    }

    private static dev.mlscustody.mls.ValidationException invalid(String why) {
        return new dev.mlscustody.mls.ValidationException(dev.mlscustody.mls.ValidationException.Reason.INVALID_WELCOME, why);
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
