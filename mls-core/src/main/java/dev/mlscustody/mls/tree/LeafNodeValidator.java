package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.message.Credential;
import dev.mlscustody.mls.message.CredentialType;
import dev.mlscustody.mls.message.Extension;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * LeafNode validation, RFC 9420 §7.3, for a LeafNode arriving in a KeyPackage (Add), an Update
 * proposal or a Commit's UpdatePath, checked against the group's members ({@link MemberIndex}).
 * Every failure is a {@link ValidationException} (INVALID_LEAF_NODE, BAD_SIGNATURE for the
 * signature, or whatever the application's {@link CredentialCheck} reports, §5.3.1).
 */
public final class LeafNodeValidator {

    /** Whether the lifetime rule of §7.3 applies to the leaf being checked. */
    public enum Lifetimes { CHECK, SKIP }

    /** The application's credential check (§5.3.1): is this identity acceptable for this key? */
    @FunctionalInterface
    public interface CredentialCheck {
        CredentialCheck NONE = (credential, signatureKey) -> { };

        void check(Credential credential, byte[] signatureKey) throws ValidationException;
    }

    private final CipherSuite suite;
    private final byte[] groupId;
    private final GroupRequirements requirements;
    private final CredentialCheck credentials;

    /** A validator without credential check; lifetimes checked if {@code requirements} has a time. */
    public LeafNodeValidator(CipherSuite suite, byte[] groupId, GroupRequirements requirements) {
        this(suite, groupId, requirements, CredentialCheck.NONE);
    }

    public LeafNodeValidator(CipherSuite suite, byte[] groupId, GroupRequirements requirements,
                             CredentialCheck credentials) {
        this.suite = suite;
        this.groupId = groupId.clone();
        this.requirements = requirements;
        this.credentials = credentials;
    }

    /**
     * Verifies the signature over LeafNodeTBS (§7.2) with the LeafNode's own signature key; for
     * source update and commit the TBS includes the group id and the leaf index.
     */
    public static void verifySignature(CipherSuite suite, LeafNode leaf, byte[] groupId, int leafIndex)
            throws ValidationException {
        byte[] tbs = leaf.source() == LeafNodeSource.KEY_PACKAGE ? leaf.encodeTbs(null, 0)
                : leaf.encodeTbs(groupId, leafIndex);
        boolean ok;
        try {
            ok = suite.verifyWithLabel(leaf.signatureKey(), LeafNode.SIGNATURE_LABEL, tbs, leaf.signature());
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw new ValidationException(Reason.BAD_SIGNATURE, "LeafNode signature invalid (leaf " + leafIndex + ")");
        }
    }

    /** A LeafNode from a KeyPackage, about to be added to {@code tree} (§12.1.1). */
    public void validateForAdd(LeafNode leaf, TreeView tree) throws ValidationException {
        validate(leaf, LeafNodeSource.KEY_PACKAGE, -1, Lifetimes.CHECK, MemberIndex.of(tree));
    }

    /** A LeafNode from an Update proposal by {@code leafIndex} (§12.1.2). */
    public void validateForUpdate(LeafNode leaf, int leafIndex, TreeView tree) throws ValidationException {
        LeafNode current = tree.leafNode(leafIndex).orElseThrow(
                () -> new ValidationException(Reason.INVALID_LEAF_NODE, "Update from blank leaf " + leafIndex));
        if (leaf.source() == LeafNodeSource.UPDATE && Arrays.equals(current.encryptionKey(), leaf.encryptionKey())) {
            throw new ValidationException(Reason.INVALID_LEAF_NODE, "Update keeps the encryption key of leaf " + leafIndex);
        }
        validate(leaf, LeafNodeSource.UPDATE, leafIndex, Lifetimes.CHECK, MemberIndex.of(tree));
    }

    /** The LeafNode of a Commit's UpdatePath sent by {@code leafIndex} (§7.5, §12.4.2). */
    public void validateForCommit(LeafNode leaf, int leafIndex, TreeView tree) throws ValidationException {
        validate(leaf, LeafNodeSource.COMMIT, leafIndex, Lifetimes.CHECK, MemberIndex.of(tree));
    }

    /**
     * Every §7.3 check for a leaf that is to sit at {@code leafIndex} (-1 for a leaf not yet
     * placed; the index is the leaf the uniqueness and credential-type checks skip), then the
     * signature.
     */
    public void validate(LeafNode leaf, LeafNodeSource expectedSource, int leafIndex, Lifetimes lifetimes,
                         MemberIndex members) throws ValidationException {
        validateWithoutSignature(leaf, expectedSource, leafIndex, lifetimes, members);
        verifySignature(suite, leaf, groupId, leafIndex);
    }

    /** {@link #validate} without the signature (checked elsewhere, e.g. in parallel for Adds). */
    public void validateWithoutSignature(LeafNode leaf, LeafNodeSource expectedSource, int leafIndex,
                                         Lifetimes lifetimes, MemberIndex members) throws ValidationException {
        if (leaf.source() != expectedSource) {
            throw invalid("leaf_node_source is " + leaf.source() + ", expected " + expectedSource);
        }
        try {
            credentials.check(leaf.credential(), leaf.signatureKey());
        } catch (RuntimeException e) {
            throw new ValidationException(Reason.INVALID_CREDENTIAL, "credential validation failed");
        }
        validateSelf(leaf, lifetimes == Lifetimes.CHECK ? requirements : requirements.withoutTime());
        checkAgainstMembers(leaf, leafIndex, members);
    }

    /** §7.3: credential types supported both ways, and unique encryption and signature keys. */
    private static void checkAgainstMembers(LeafNode leaf, int leafIndex, MemberIndex members)
            throws ValidationException {
        CredentialType type = leaf.credential().type();
        Optional<LeafNode> replaced = members.leaf(leafIndex);
        int others = members.memberCount() - (replaced.isPresent() ? 1 : 0);
        int supportingOthers = members.supporting(type)
                - (replaced.isPresent() && replaced.get().capabilities().supportsCredential(type) ? 1 : 0);
        if (supportingOthers < others) {
            throw invalid("credential type " + type + " not supported by every member");
        }
        for (Map.Entry<CredentialType, Integer> inUse : members.typesInUse().entrySet()) {
            int count = inUse.getValue()
                    - (replaced.isPresent() && replaced.get().credential().type().equals(inUse.getKey()) ? 1 : 0);
            if (count > 0 && !leaf.capabilities().supportsCredential(inUse.getKey())) {
                throw invalid("LeafNode does not support credential type " + inUse.getKey() + " in use");
            }
        }
        int enc = members.encryptionKeyOwner(leaf.encryptionKey());
        if (enc >= 0 && enc != leafIndex) {
            throw invalid("encryption key already used by leaf " + enc);
        }
        int sig = members.signatureKeyOwner(leaf.signatureKey());
        if (sig >= 0 && sig != leafIndex) {
            throw invalid("signature key already used by leaf " + sig);
        }
    }

    /** §7.3 checks on a LeafNode alone: required capabilities, lifetime, extension support. */
    static void validateSelf(LeafNode leaf, GroupRequirements requirements) throws ValidationException {
        Capabilities caps = leaf.capabilities();
        if (!caps.supportsCredential(leaf.credential().type())) {
            throw invalid("capabilities do not list the LeafNode's own credential type " + leaf.credential().type());
        }
        for (var ext : requirements.requiredExtensions()) {
            if (!ext.isDefaultType() && !caps.supportsExtension(ext)) {
                throw invalid("required extension " + ext + " not supported");
            }
        }
        for (int proposal : requirements.requiredProposals()) {
            if (!(proposal >= 1 && proposal <= 7) && !caps.supportsProposal(proposal)) {
                throw invalid("required proposal type " + proposal + " not supported");
            }
        }
        for (CredentialType c : requirements.requiredCredentials()) {
            if (!caps.supportsCredential(c)) {
                throw invalid("required credential type " + c + " not supported");
            }
        }
        if (requirements.nowEpochSeconds().isPresent() && leaf.lifetime().isPresent()
                && !leaf.lifetime().get().contains(requirements.nowEpochSeconds().getAsLong())) {
            throw invalid("LeafNode lifetime does not cover the current time");
        }
        for (Extension e : leaf.extensions()) {
            if (!e.type().isDefaultType() && !caps.supportsExtension(e.type())) {
                throw invalid("extension " + e.type() + " not listed in the LeafNode's capabilities");
            }
        }
    }

    private static ValidationException invalid(String why) {
        return new ValidationException(Reason.INVALID_LEAF_NODE, why);
    }
}
