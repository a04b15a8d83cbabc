package dev.mlscustody.mls.group;

import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.message.GroupInfo;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.Welcome;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.schedule.RatchetPolicy;
import dev.mlscustody.mls.tree.RatchetTree;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One member's state of one MLS group (RFC 9420 §8–§14): the state machine that processes
 * messages, proposes and commits. It is the only mutable object of the group package.
 *
 * <p>States and transitions ({@link Status}):
 * <ul>
 *   <li>{@code OPERATIONAL}: after {@link #create}, {@link StagedWelcome#join} or a merge.
 *       {@link #commit} moves to {@code PENDING_COMMIT}; merging a commit that removes us moves to
 *       {@code INACTIVE}; merging a commit with a ReInit moves to {@code REINIT}.</li>
 *   <li>{@code PENDING_COMMIT}: our commit awaits the delivery service.
 *       {@link #mergePendingCommit()} enters the next epoch, {@link #discardPendingCommit()}
 *       returns to {@code OPERATIONAL}. Incoming messages can still be processed; a staged
 *       commit of someone else can be merged, which discards ours.</li>
 *   <li>{@code INACTIVE} (removed, §12.4.2) and {@code REINIT} (§11.2: wait for the Welcome of
 *       the new group): no more sending; late application messages still decrypt.</li>
 * </ul>
 * Processing is stage-then-merge: {@link #process} never changes the epoch; a rejected message
 * leaves everything unchanged. Custody keys that a merge makes useless are returned in
 * {@link MergeResult#keysToDestroy()}, never destroyed here.
 */
public final class Group {
    /** The member-visible lifecycle state. */
    public enum Status { OPERATIONAL, PENDING_COMMIT, INACTIVE, REINIT }

    private final GroupEnvironment env;
    private final CipherSuite suite;
    private final SignatureKey signer;
    private EpochState epoch;
    private ProposalStore proposals = ProposalStore.empty();
    /** Leaf keys of our Update proposals of this epoch, by ProposalRef. */
    private final Map<ByteBuffer, HpkePrivateKey> ownUpdateKeys = new LinkedHashMap<>();
    /** Previous epochs, newest first, for late application messages (§15.4). */
    private final Deque<EpochState> pastEpochs = new ArrayDeque<>();
    /** resumption_psk of recent epochs, including the current one (§8.6). */
    private final Map<Long, byte[]> resumptionPsks = new LinkedHashMap<>();
    private Status status = Status.OPERATIONAL;
    private PendingCommit pending;
    private Optional<dev.mlscustody.mls.message.ReInit> reinit = Optional.empty();

    Group(GroupEnvironment env, CipherSuite suite, SignatureKey signer, EpochState epoch) {
        this.env = Objects.requireNonNull(env, "env");
        this.suite = Objects.requireNonNull(suite, "suite");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.epoch = Objects.requireNonNull(epoch, "epoch");
        resumptionPsks.put(epoch.epoch(), epoch.secrets().resumptionPsk());
    }

    // ---------------------------------------------------------------- creation and joining

    /** Creates a one-member group (§11) with a fresh leaf key from custody. */
    public static Group create(GroupEnvironment env, CipherSuite suite, byte[] groupId,
                               dev.mlscustody.mls.message.Credential credential, SignatureKey signer,
                               List<dev.mlscustody.mls.message.Extension> extensions)
            throws MlsException {
        return GroupCreation.create(env, suite, groupId, credential, signer, extensions);
    }

    /** §12.4.3.1: verifies a Welcome for one of our KeyPackages; {@link StagedWelcome#join} completes it. */
    public static StagedWelcome stageWelcome(Welcome welcome, KeyPackageBundle keyPackage,
                                             Optional<RatchetTree> ratchetTree, GroupEnvironment env)
            throws ValidationException, CryptoException {
        try {
            return WelcomeJoiner.stage(welcome, keyPackage, ratchetTree, env);
        } catch (RuntimeException e) {
            throw malformed(e);
        }
    }

    /** {@link #stageWelcome(Welcome, KeyPackageBundle, Optional, GroupEnvironment)} from an encoded MLSMessage. */
    public static StagedWelcome stageWelcome(byte[] welcomeMessage, KeyPackageBundle keyPackage,
                                             Optional<RatchetTree> ratchetTree, GroupEnvironment env) throws MlsException {
        MlsMessage m;
        try {
            m = MlsMessage.decode(welcomeMessage);
        } catch (RuntimeException e) {
            throw malformed(e);
        }
        if (!(m.body() instanceof MlsMessage.WelcomeBody w)) {
            throw new ValidationException(ValidationException.Reason.WRONG_WIRE_FORMAT, "not a Welcome");
        }
        return stageWelcome(w.message(), keyPackage, ratchetTree, env);
    }

    /**
     * §12.4.3.2: joins by external commit from a GroupInfo carrying external_pub (and the tree in a
     * ratchet_tree extension or supplied). {@code resyncLeaf}: our old leaf to remove (resync).
     */
    public static ExternalJoin joinByExternalCommit(GroupInfo groupInfo, Optional<RatchetTree> ratchetTree,
                                                    dev.mlscustody.mls.message.Credential credential,
                                                    SignatureKey signer, java.util.OptionalInt resyncLeaf,
                                                    List<dev.mlscustody.mls.message.PreSharedKeyId> psks,
                                                    GroupEnvironment env) throws MlsException {
        try {
            return ExternalCommitBuilder.join(groupInfo, ratchetTree, credential, signer, resyncLeaf, psks, env);
        } catch (RuntimeException e) {
            throw malformed(e);
        }
    }

    // ---------------------------------------------------------------- queries

    public CipherSuite cipherSuite() {
        return suite;
    }

    public byte[] groupId() {
        return epoch.context().groupId();
    }

    public long epoch() {
        return epoch.epoch();
    }

    public Status status() {
        return status;
    }

    public boolean isActive() {
        return status == Status.OPERATIONAL || status == Status.PENDING_COMMIT;
    }

    public int ownLeafIndex() {
        return epoch.ownLeaf();
    }

    public GroupContext groupContext() {
        return epoch.context();
    }

    public RatchetTree ratchetTree() {
        return epoch.tree();
    }

    public List<Member> members() {
        List<Member> out = new ArrayList<>();
        for (int i : epoch.tree().occupiedLeaves()) {
            out.add(new Member(i, epoch.tree().leafNode(i).orElseThrow()));
        }
        return out;
    }

    /** §8.7 epoch_authenticator of the current epoch. */
    public byte[] epochAuthenticator() {
        return epoch.secrets().epochAuthenticator();
    }

    /** §8.5 MLS-Exporter(label, context, length) of the current epoch. */
    public byte[] export(String label, byte[] context, int length) {
        return epoch.secrets().exporter(label, context, length);
    }

    /** §8.6 resumption_psk of this group's epoch {@code epochNumber}, if still kept. */
    public Optional<byte[]> resumptionPsk(long epochNumber) {
        byte[] v = resumptionPsks.get(epochNumber);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /** The proposals cached in this epoch (§12.1). */
    public List<QueuedProposal> pendingProposals() {
        return proposals.all();
    }

    /** The ReInit this group was closed with (§11.2), once such a commit was merged. */
    public Optional<dev.mlscustody.mls.message.ReInit> reinitProposal() {
        return reinit;
    }

    /** The custody key ids the current state references: our signature key and leaf key. */
    public List<KeyId> referencedKeys() {
        List<KeyId> out = new ArrayList<>(List.of(signer.id()));
        if (epoch.privateTree().leafKey() != null) {
            out.add(epoch.privateTree().leafKey().id());
        }
        for (HpkePrivateKey k : ownUpdateKeys.values()) {
            out.add(k.id());
        }
        return out;
    }

    // ---------------------------------------------------------------- incoming messages

    /** Decodes and processes an MLSMessage (PublicMessage or PrivateMessage). */
    public ProcessedMessage process(byte[] mlsMessage) throws MlsException {
        MlsMessage m;
        try {
            m = MlsMessage.decode(mlsMessage);
        } catch (RuntimeException e) {
            throw malformed(e);
        }
        return process(m);
    }

    /**
     * §6, §12: verifies and decrypts a PublicMessage or PrivateMessage. Application data and
     * proposals are returned (proposals cached by ProposalRef); a commit is returned staged.
     */
    public ProcessedMessage process(MlsMessage message) throws MlsException {
        try {
            return MessageProcessor.process(this, message);
        } catch (RuntimeException e) {
            // staging is side-effect free, so nothing changed; report the input, not a crash
            throw malformed(e);
        }
    }

    /** An input that broke an internal assumption: reported as invalid input, never as an unchecked exception. */
    static ValidationException malformed(RuntimeException e) {
        return new ValidationException(ValidationException.Reason.UNSUPPORTED,
                "malformed or unsupported input (" + e.getClass().getSimpleName() + ")", e);
    }

    /** Enters the epoch of a staged commit received from another member (discarding our pending commit). */
    public MergeResult merge(StagedCommit staged) throws GroupStateException {
        if (staged.base() != epoch) {
            throw new GroupStateException(GroupStateException.Reason.UNKNOWN_EPOCH,
                    "the staged commit was staged against another state (epoch " + staged.fromEpoch() + ")");
        }
        List<KeyId> destroy = new ArrayList<>();
        if (pending != null) {
            destroy.addAll(pending.abandonedKeys());
            pending = null;
        }
        HpkePrivateKey newLeaf = staged.newOwnLeafKey();
        for (HpkePrivateKey k : ownUpdateKeys.values()) {
            if (k != newLeaf) {
                destroy.add(k.id());
            }
        }
        if (staged.next().isEmpty()) {
            destroy.add(epoch.privateTree().leafKey().id());
            // the state must not name the destroyed leaf key, or it could not be restored
            epoch = epoch.withoutPrivateKeys();
            ownUpdateKeys.clear();
            proposals = ProposalStore.empty();
            status = Status.INACTIVE;
            return new MergeResult(epoch.epoch(), false, destroy);
        }
        if (newLeaf != null) {
            destroy.add(epoch.privateTree().leafKey().id());
        }
        enter(staged.next().get());
        if (staged.reinit().isPresent()) {
            reinit = staged.reinit();
            status = Status.REINIT;
        }
        return new MergeResult(epoch.epoch(), true, destroy);
    }

    /** Moves to {@code next}, keeping the old epoch for late application messages. */
    void enter(EpochState next) {
        pastEpochs.addFirst(epoch.forPastUse());
        while (pastEpochs.size() > env.config().maxPastEpochs()) {
            pastEpochs.removeLast();
        }
        epoch = next;
        resumptionPsks.put(next.epoch(), next.secrets().resumptionPsk());
        while (resumptionPsks.size() > Math.max(1, env.config().maxPastEpochs() + 1)) {
            resumptionPsks.remove(resumptionPsks.keySet().iterator().next());
        }
        proposals = ProposalStore.empty();
        ownUpdateKeys.clear();
        status = Status.OPERATIONAL;
    }

    // ---------------------------------------------------------------- sending

    /** §6.3: encrypts application data as a PrivateMessage. */
    public MlsMessage encrypt(byte[] data, byte[] authenticatedData) throws MlsException {
        return Application.encrypt(this, data, authenticatedData);
    }

    /** Proposals (§12.1), sent on their own and cached for our next commit. */
    public Proposals propose() {
        return new Proposals(this);
    }

    /** Creates a commit (§12.4) as a pending commit; send it, then {@link #mergePendingCommit()}. */
    public CommitOutput commit(CommitOptions options) throws MlsException {
        return commitInternal(options, false);
    }

    CommitOutput commitInternal(CommitOptions options, boolean reinitOrBranch) throws MlsException {
        requireOperational();
        PendingCommit p = CommitBuilder.build(this, options, reinitOrBranch);
        pending = p;
        status = Status.PENDING_COMMIT;
        return p.output();
    }

    /** Enters the epoch of our pending commit, after the delivery service accepted it. */
    public MergeResult mergePendingCommit() throws GroupStateException {
        if (pending == null) {
            throw new GroupStateException(GroupStateException.Reason.NO_PENDING_COMMIT, "no pending commit");
        }
        PendingCommit p = pending;
        pending = null;
        List<KeyId> destroy = new ArrayList<>(p.supersededKeys());
        for (HpkePrivateKey k : ownUpdateKeys.values()) {
            destroy.add(k.id());
        }
        enter(p.next());
        if (p.reinit().isPresent()) {
            reinit = p.reinit();
            status = Status.REINIT;
        }
        return new MergeResult(epoch.epoch(), true, destroy);
    }

    /** Drops our pending commit (rejected by the delivery service); returns keys it had created. */
    public List<KeyId> discardPendingCommit() throws GroupStateException {
        if (pending == null) {
            throw new GroupStateException(GroupStateException.Reason.NO_PENDING_COMMIT, "no pending commit");
        }
        List<KeyId> out = pending.abandonedKeys();
        pending = null;
        status = Status.OPERATIONAL;
        return out;
    }

    /**
     * §11.3: a subgroup of this group with the given members (fresh KeyPackages), bound to this
     * group's current epoch by a branch resumption PSK. The new group's first commit is pending;
     * send its Welcome, then merge it.
     */
    public Group branch(byte[] newGroupId, List<KeyPackage> members, List<dev.mlscustody.mls.message.Extension> extensions)
            throws MlsException {
        return GroupResumption.branch(this, newGroupId, members, extensions).group();
    }

    /**
     * §11.2: after a commit with a ReInit was merged, creates the new group with the ReInit's
     * parameters and the members' fresh KeyPackages, bound by a reinit resumption PSK. The new
     * group's first commit is pending ({@link #pendingCommitOutput()} has the Welcome).
     */
    public Group reinitialize(SignatureKey newSigner, dev.mlscustody.mls.message.Credential credential,
                              List<KeyPackage> members) throws MlsException {
        return GroupResumption.reinit(this, newSigner, credential, members).group();
    }

    /** The messages of our pending commit, to send again if needed. */
    public Optional<CommitOutput> pendingCommitOutput() {
        return Optional.ofNullable(pending).map(PendingCommit::output);
    }

    /** A signed GroupInfo of the current epoch (§12.4.3), optionally with ratchet_tree and external_pub. */
    public GroupInfo groupInfo(boolean withRatchetTree, boolean withExternalPub) throws MlsException {
        return GroupInfos.create(suite, epoch, signer, withRatchetTree, withExternalPub);
    }

    // ---------------------------------------------------------------- package-private access

    GroupEnvironment environment() {
        return env;
    }

    CipherSuite suite() {
        return suite;
    }

    SignatureKey signer() {
        return signer;
    }

    EpochState epochState() {
        return epoch;
    }

    Deque<EpochState> pastEpochs() {
        return pastEpochs;
    }

    ProposalStore proposalStore() {
        return proposals;
    }

    void storeProposal(byte[] ref, QueuedProposal qp) {
        proposals = proposals.with(ref, qp.proposal(), qp.sender());
    }

    void addOwnUpdateKey(byte[] ref, HpkePrivateKey key) {
        ownUpdateKeys.put(ByteBuffer.wrap(ref.clone()), key);
    }

    HpkePrivateKey ownUpdateKey(byte[] ref) {
        return ownUpdateKeys.get(ByteBuffer.wrap(ref));
    }

    Map<ByteBuffer, HpkePrivateKey> ownUpdateKeys() {
        return ownUpdateKeys;
    }

    Map<Long, byte[]> resumptionPskMap() {
        return resumptionPsks;
    }

    Optional<PendingCommit> pendingCommit() {
        return Optional.ofNullable(pending);
    }

    /** Rebuilds the mutable parts after {@link GroupStateCodec#decode}. */
    void restore(ProposalStore store, Map<ByteBuffer, HpkePrivateKey> updateKeys, List<EpochState> past,
                 Map<Long, byte[]> psks, Status s, Optional<dev.mlscustody.mls.message.ReInit> r, PendingCommit p) {
        proposals = store;
        ownUpdateKeys.clear();
        ownUpdateKeys.putAll(updateKeys);
        pastEpochs.clear();
        pastEpochs.addAll(past);
        resumptionPsks.clear();
        resumptionPsks.putAll(psks);
        status = s;
        reinit = r;
        pending = p;
    }

    Optional<dev.mlscustody.mls.message.ReInit> reinitValue() {
        return reinit;
    }

    Optional<byte[]> ownResumptionPsk(byte[] groupId, long epochNumber) {
        if (!Arrays.equals(groupId, epoch.context().groupId())) {
            return Optional.empty();
        }
        return resumptionPsk(epochNumber);
    }

    void requireOperational() throws GroupStateException {
        switch (status) {
            case OPERATIONAL -> { }
            case PENDING_COMMIT -> throw new GroupStateException(GroupStateException.Reason.PENDING_COMMIT,
                    "a commit is pending: merge or discard it first");
            case INACTIVE -> throw new GroupStateException(GroupStateException.Reason.INACTIVE,
                    "we were removed from the group");
            case REINIT -> throw new GroupStateException(GroupStateException.Reason.REINIT_PENDING,
                    "the group was closed by a ReInit (§11.2)");
        }
    }

    static RatchetPolicy ratchetPolicy(GroupConfig config) {
        return new RatchetPolicy(config.maxForwardGenerations(), config.maxSkippedKeys());
    }

    /** Used by KeyPackage-based helpers: the KeyPackageRef in this group's suite. */
    public byte[] keyPackageRef(KeyPackage kp) {
        return Crypto.keyPackageRef(suite, kp.toBytes());
    }

    @Override
    public String toString() {
        return "Group[" + epoch + ", status=" + status + "]";
    }
}
