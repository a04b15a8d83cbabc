package dev.mlscustody.mls.group;

import static dev.mlscustody.mls.ValidationException.Reason.INVALID_COMMIT;
import static dev.mlscustody.mls.ValidationException.Reason.INVALID_PROPOSAL;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.ExtensionType;
import dev.mlscustody.mls.message.ExternalInit;
import dev.mlscustody.mls.message.GroupContextExtensions;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.PreSharedKeyProposal;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.ReInit;
import dev.mlscustody.mls.message.Remove;
import dev.mlscustody.mls.message.Update;
import dev.mlscustody.mls.tree.GroupRequirements;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.Capabilities;
import dev.mlscustody.mls.tree.LeafNodeValidator;
import dev.mlscustody.mls.tree.MemberIndex;
import dev.mlscustody.mls.tree.LeafNodeSource;
import dev.mlscustody.mls.tree.TreeEditor;
import dev.mlscustody.mls.tree.RatchetTree;
import dev.mlscustody.mls.schedule.GroupContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Proposal list validation (RFC 9420 §12.2) and application (§12.3) for a commit, for the
 * committer creating it and for every member processing it. Each rule throws a typed
 * {@link ValidationException}; the tree being edited is a private copy, so a rejected list
 * changes nothing.
 */
final class ProposalApplier {
    private ProposalApplier() {
    }

    /**
     * @param committer the commit's sender: a member, or new_member_commit for an external commit
     * @param newMemberLeaf for an external commit: receives nothing here; the joiner's leaf is
     *                      placed by the path step
     */
    static AppliedProposals apply(CipherSuite suite, EpochState epoch, List<QueuedProposal> proposals, Sender committer,
                                  GroupEnvironment env) throws ValidationException {
        return apply(suite, epoch.context(), epoch.tree(), proposals, committer, env, false);
    }

    /**
     * @param reinitOrBranch the commit opens a reinitialized or branched group (§11.2, §11.3): a
     *                       resumption PSK with usage reinit/branch is allowed
     */
    static AppliedProposals apply(CipherSuite suite, GroupContext context, RatchetTree tree,
                                  List<QueuedProposal> proposals, Sender committer, GroupEnvironment env,
                                  boolean reinitOrBranch) throws ValidationException {
        MemberView epoch = MemberView.of(tree);
        boolean external = committer instanceof Sender.NewMemberCommit;
        int committerLeaf = committer instanceof Sender.Member m ? (int) m.leafIndex() : -1;
        if (external) {
            checkExternalList(proposals);
        } else if (!(committer instanceof Sender.Member)) {
            throw new ValidationException(INVALID_COMMIT, "only members and new members can commit");
        }

        // §12.2 list-level rules
        List<Extension> extensions = context.extensions();
        boolean extensionsChanged = false;
        Set<Integer> touched = new HashSet<>();
        Set<ByteBuffer> addedKeys = new HashSet<>();
        List<PreSharedKeyId> psks = new ArrayList<>();
        Optional<ExternalInit> externalInit = Optional.empty();
        Optional<ReInit> reinit = Optional.empty();
        boolean pathRequired = proposals.isEmpty();
        Set<Integer> removed = new HashSet<>();
        for (QueuedProposal qp : proposals) {
            Proposal p = qp.proposal();
            switch (p) {
                case Add a -> {
                    if (!(qp.sender() instanceof Sender.Member || qp.sender() instanceof Sender.External
                            || qp.sender() instanceof Sender.NewMemberProposal)) {
                        throw new ValidationException(INVALID_PROPOSAL, "Add from a sender that may not add");
                    }
                    if (!addedKeys.add(ByteBuffer.wrap(a.keyPackage().leafNode().signatureKey()))) {
                        throw new ValidationException(INVALID_PROPOSAL, "two Adds for the same client");
                    }
                }
                case Update u -> {
                    if (!(qp.sender() instanceof Sender.Member m)) {
                        throw new ValidationException(INVALID_PROPOSAL, "Update from a non-member");
                    }
                    int leaf = Framing.leafIndex(m.leafIndex(), epoch);
                    if (leaf == committerLeaf) {
                        throw new ValidationException(INVALID_PROPOSAL, "the committer cannot commit its own Update");
                    }
                    if (!touched.add(leaf)) {
                        throw new ValidationException(INVALID_PROPOSAL, "several Update/Remove for leaf " + leaf);
                    }
                    pathRequired = true;
                }
                case Remove r -> {
                    if (!(qp.sender() instanceof Sender.Member || qp.sender() instanceof Sender.External
                            || qp.sender() instanceof Sender.NewMemberCommit)) {
                        throw new ValidationException(INVALID_PROPOSAL, "Remove from a sender that may not remove");
                    }
                    if (r.removed() >= epoch.leafCount() || epoch.leaf((int) r.removed()).isEmpty()) {
                        throw new ValidationException(INVALID_PROPOSAL, "Remove of blank leaf " + r.removed());
                    }
                    int leaf = (int) r.removed();
                    if (leaf == committerLeaf) {
                        throw new ValidationException(INVALID_PROPOSAL, "the committer cannot remove itself");
                    }
                    if (!touched.add(leaf)) {
                        throw new ValidationException(INVALID_PROPOSAL, "several Update/Remove for leaf " + leaf);
                    }
                    removed.add(leaf);
                    pathRequired = true;
                }
                case PreSharedKeyProposal psk -> {
                    Psks.checkProposal(suite, psk.psk(), reinitOrBranch);
                    for (PreSharedKeyId other : psks) {
                        if (Psks.same(other, psk.psk())) {
                            throw new ValidationException(INVALID_PROPOSAL, "the same PSK is proposed twice");
                        }
                    }
                    psks.add(psk.psk());
                }
                case ReInit ri -> {
                    if (proposals.size() != 1) {
                        throw new ValidationException(INVALID_PROPOSAL, "ReInit must be the only proposal");
                    }
                    if (ri.version().code() < ProtocolVersion.MLS10.code()) {
                        throw new ValidationException(INVALID_PROPOSAL, "ReInit to an older version");
                    }
                    reinit = Optional.of(ri);
                }
                case ExternalInit ei -> {
                    if (!external) {
                        throw new ValidationException(INVALID_PROPOSAL, "ExternalInit outside an external commit");
                    }
                    externalInit = Optional.of(ei);
                    pathRequired = true;
                }
                case GroupContextExtensions gce -> {
                    if (extensionsChanged) {
                        throw new ValidationException(INVALID_PROPOSAL, "several GroupContextExtensions proposals");
                    }
                    extensions = gce.extensions();
                    extensionsChanged = true;
                    pathRequired = true;
                }
            }
        }
        // Add of a client already in the group, unless removed in the same commit (§12.2)
        if (!addedKeys.isEmpty()) {
            for (int i = 0; i < epoch.leafCount(); i++) {
                Optional<LeafNode> leaf = epoch.leaf(i);
                if (leaf.isPresent() && !removed.contains(i)
                        && addedKeys.contains(ByteBuffer.wrap(leaf.get().signatureKey()))) {
                    throw new ValidationException(INVALID_PROPOSAL, "Add of a client already in the group (leaf " + i + ")");
                }
            }
        }

        // §12.3 application, in order: extensions, updates, removes, adds
        TreeEditor editor = tree.edit();
        LeafNodeValidator checks = leafValidator(suite, context.groupId(), extensions, env);
        MemberIndex members = MemberIndex.of(tree);
        Map<Integer, Optional<byte[]>> updatedBy = new LinkedHashMap<>();
        for (QueuedProposal qp : proposals) {
            if (qp.proposal() instanceof Update u) {
                int leaf = (int) ((Sender.Member) qp.sender()).leafIndex();
                LeafNode current = epoch.leaf(leaf).orElseThrow();
                if (Arrays.equals(current.encryptionKey(), u.leafNode().encryptionKey())) {
                    throw new ValidationException(ValidationException.Reason.INVALID_LEAF_NODE,
                            "Update keeps the encryption key of leaf " + leaf);
                }
                checks.validate(u.leafNode(), LeafNodeSource.UPDATE, leaf, lifetimes(env.config(), false), members);
                editor.updateLeaf(leaf, u.leafNode());
                members.replace(leaf, u.leafNode());
                updatedBy.put(leaf, qp.reference());
            }
        }
        for (int leaf : removed) {
            editor.removeLeaf(leaf);
            members.remove(leaf);
        }
        Map<Integer, KeyPackage> added = new LinkedHashMap<>();
        // §10.1 signature checks of the new KeyPackages are independent: verify them in parallel
        List<KeyPackage> toAdd = new ArrayList<>();
        for (QueuedProposal qp : proposals) {
            if (qp.proposal() instanceof Add a) {
                toAdd.add(a.keyPackage());
            }
        }
        boolean checkLifetime = lifetimes(env.config(), true) == LeafNodeValidator.Lifetimes.CHECK;
        try {
            Parallel.map(toAdd, kp -> checkLifetime
                    ? KeyPackageValidator.validate(kp, suite, env.credentials(), env.config())
                    : KeyPackageValidator.validate(kp, suite, env.credentials(), false, env.config().nowSeconds()));
        } catch (ValidationException e) {
            throw e;
        } catch (dev.mlscustody.mls.MlsException e) {
            throw new ValidationException(ValidationException.Reason.INVALID_KEY_PACKAGE, e.getMessage(), e);
        }
        for (QueuedProposal qp : proposals) {
            if (qp.proposal() instanceof Add a) {
                KeyPackage kp = a.keyPackage();
                checks.validateWithoutSignature(kp.leafNode(), LeafNodeSource.KEY_PACKAGE, -1,
                        LeafNodeValidator.Lifetimes.SKIP, members);
                requireContextExtensionsSupported(kp.leafNode().capabilities(), extensions, INVALID_PROPOSAL, "added member");
                int index = editor.addLeaf(kp.leafNode());
                members.replace(index, kp.leafNode());
                added.put(index, kp);
            }
        }
        if (extensionsChanged) {
            checkExtensionsSupported(extensions, editor);
        }
        return new AppliedProposals(editor, extensions, extensionsChanged, added, removed, updatedBy, psks,
                externalInit, reinit, pathRequired, checks, members);
    }

    /**
     * The §7.3 LeafNode rules for this group: its required_capabilities, lifetimes against the
     * configured clock, and the application's credential validator (§5.3.1).
     */
    static LeafNodeValidator leafValidator(CipherSuite suite, byte[] groupId, List<Extension> contextExtensions,
                                           GroupEnvironment env) throws ValidationException {
        return new LeafNodeValidator(suite, groupId,
                GroupRequirements.ofContext(contextExtensions).at(env.config().nowSeconds()), env.credentials()::validate);
    }

    static LeafNodeValidator.Lifetimes lifetimes(GroupConfig config, boolean newLeaf) {
        return switch (config.lifetimePolicy()) {
            case ENFORCE -> LeafNodeValidator.Lifetimes.CHECK;
            case ENFORCE_NEW_ONLY -> newLeaf ? LeafNodeValidator.Lifetimes.CHECK : LeafNodeValidator.Lifetimes.SKIP;
            case IGNORE -> LeafNodeValidator.Lifetimes.SKIP;
        };
    }

    /** §12.2 for external commits: exactly one ExternalInit, at most one Remove, PSKs, nothing else. */
    private static void checkExternalList(List<QueuedProposal> proposals) throws ValidationException {
        int inits = 0;
        int removes = 0;
        for (QueuedProposal qp : proposals) {
            if (qp.byReference()) {
                throw new ValidationException(INVALID_COMMIT, "an external commit cannot include proposals by reference");
            }
            switch (qp.proposal()) {
                case ExternalInit e -> inits++;
                case Remove r -> removes++;
                case PreSharedKeyProposal p -> { }
                case Add a -> throw new ValidationException(INVALID_COMMIT, "external commit with an Add");
                case Update u -> throw new ValidationException(INVALID_COMMIT, "external commit with an Update");
                case ReInit r -> throw new ValidationException(INVALID_COMMIT, "external commit with a ReInit");
                case GroupContextExtensions g -> throw new ValidationException(INVALID_COMMIT,
                        "external commit with GroupContextExtensions");
            }
        }
        if (inits != 1) {
            throw new ValidationException(INVALID_COMMIT, "an external commit needs exactly one ExternalInit");
        }
        if (removes > 1) {
            throw new ValidationException(INVALID_COMMIT, "an external commit may remove at most one leaf");
        }
    }

    /**
     * §13: "all MLS GroupContext extensions are mandatory": a new member's capabilities must list every
     * non-default extension of the GroupContext — checked by whoever adds it ("The capabilities field
     * MUST indicate support for each extension in the GroupContext") and by the joiner itself ("A client
     * joining a group MUST verify that it supports every extension in the GroupContext").
     */
    static void requireContextExtensionsSupported(Capabilities caps, List<Extension> contextExtensions,
                                                  ValidationException.Reason reason, String who) throws ValidationException {
        for (Extension e : contextExtensions) {
            if (!e.type().isDefaultType() && !caps.supportsExtension(e.type())) {
                throw new ValidationException(reason, who + " does not support GroupContext extension " + e.type());
            }
        }
    }

    /**
     * §12.1.7 / §11.1: new GroupContext extensions are acceptable only if every member (after the
     * commit's adds and removes) supports the required capabilities and every non-default extension.
     */
    static void checkExtensionsSupported(List<Extension> extensions, TreeEditor editor) throws ValidationException {
        // §13: "Any field containing a list of extensions MUST NOT have more than one extension of any given type"
        Set<ExtensionType> types = new HashSet<>();
        for (Extension e : extensions) {
            if (!types.add(e.type())) {
                throw new ValidationException(INVALID_PROPOSAL, "GroupContext extension " + e.type() + " appears twice");
            }
        }
        GroupRequirements rc = GroupRequirements.ofContext(extensions);
        for (int i = 0; i < editor.leafCount(); i++) {
            Optional<LeafNode> leaf = editor.leafNode(i);
            if (leaf.isEmpty()) {
                continue;
            }
            var caps = leaf.get().capabilities();
            for (Extension e : extensions) {
                if (!e.type().isDefaultType() && !caps.supportsExtension(e.type())) {
                    throw new ValidationException(INVALID_PROPOSAL, "member " + i + " does not support extension " + e.type());
                }
            }
            for (ExtensionType t : rc.requiredExtensions()) {
                if (!t.isDefaultType() && !caps.supportsExtension(t)) {
                    throw new ValidationException(INVALID_PROPOSAL, "member " + i + " lacks required extension " + t);
                }
            }
            for (int p : rc.requiredProposals()) {
                if (p > 7 && !caps.supportsProposal(p)) {
                    throw new ValidationException(INVALID_PROPOSAL, "member " + i + " lacks required proposal " + p);
                }
            }
            for (var c : rc.requiredCredentials()) {
                if (!caps.supportsCredential(c)) {
                    throw new ValidationException(INVALID_PROPOSAL, "member " + i + " lacks required credential " + c);
                }
            }
        }
    }

}
