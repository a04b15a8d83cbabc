package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.message.CredentialType;
import dev.mlscustody.mls.message.Extension;
import java.util.Arrays;
import java.util.Optional;

/**
 * LeafNode validation, RFC 9420 §7.3, for a LeafNode arriving in a KeyPackage (Add), an Update
 * proposal or a Commit's UpdatePath, checked against the current tree. Every failure is a
 * {@link ValidationException} (INVALID_LEAF_NODE, or BAD_SIGNATURE for the signature).
 * Credential validation proper (§5.3.1: is this identity acceptable for this signature key?) is
 * the application's and happens outside.
 */
public final class LeafNodeValidator {
    static final String LEAF_NODE_TBS = "LeafNodeTBS";

    private final CipherSuite suite;
    private final byte[] groupId;
    private final GroupRequirements requirements;

    public LeafNodeValidator(CipherSuite suite, byte[] groupId, GroupRequirements requirements) {
        this.suite = suite;
        this.groupId = groupId.clone();
        this.requirements = requirements;
    }

    /**
     * Verifies the signature over LeafNodeTBS (§7.2) with the LeafNode's own signature key; for
     * source update and commit the TBS includes the group id and the leaf index.
     */
    public static void verifySignature(CipherSuite suite, LeafNode leaf, byte[] groupId, int leafIndex)
            throws ValidationException {
        byte[] tbs = leaf.encodeTbs(groupId, leafIndex);
        boolean ok;
        try {
            ok = suite.verifyWithLabel(leaf.signatureKey(), LEAF_NODE_TBS, tbs, leaf.signature());
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw new ValidationException(Reason.BAD_SIGNATURE, "LeafNode signature invalid (leaf " + leafIndex + ")");
        }
    }

    /** A LeafNode from a KeyPackage, about to be added (§12.1.1). */
    public void validateForAdd(LeafNode leaf, TreeView tree) throws ValidationException {
        requireSource(leaf, LeafNodeSource.KEY_PACKAGE);
        validateAgainstGroup(leaf, -1, tree);
        verifySignature(suite, leaf, groupId, -1);
    }

    /** A LeafNode from an Update proposal by {@code leafIndex} (§12.1.2). */
    public void validateForUpdate(LeafNode leaf, int leafIndex, TreeView tree) throws ValidationException {
        requireSource(leaf, LeafNodeSource.UPDATE);
        LeafNode current = tree.leafNode(leafIndex).orElseThrow(
                () -> new ValidationException(Reason.INVALID_LEAF_NODE, "Update from blank leaf " + leafIndex));
        if (Arrays.equals(current.encryptionKey(), leaf.encryptionKey())) {
            throw new ValidationException(Reason.INVALID_LEAF_NODE, "Update keeps the encryption key of leaf " + leafIndex);
        }
        validateAgainstGroup(leaf, leafIndex, tree);
        verifySignature(suite, leaf, groupId, leafIndex);
    }

    /** The LeafNode of a Commit's UpdatePath sent by {@code leafIndex} (§7.5, §12.4.2). */
    public void validateForCommit(LeafNode leaf, int leafIndex, TreeView tree) throws ValidationException {
        requireSource(leaf, LeafNodeSource.COMMIT);
        validateAgainstGroup(leaf, leafIndex, tree);
        verifySignature(suite, leaf, groupId, leafIndex);
    }

    private static void requireSource(LeafNode leaf, LeafNodeSource expected) throws ValidationException {
        if (leaf.source() != expected) {
            throw new ValidationException(Reason.INVALID_LEAF_NODE,
                    "leaf_node_source is " + leaf.source() + ", expected " + expected);
        }
    }

    /**
     * The checks of §7.3 that do not need the signature: required capabilities, credential types
     * supported both ways, lifetime, extensions listed in capabilities, and unique signature and
     * encryption keys. {@code replacedLeaf} (or -1) is the leaf this LeafNode replaces, which the
     * uniqueness and credential checks skip.
     */
    void validateAgainstGroup(LeafNode leaf, int replacedLeaf, TreeView tree) throws ValidationException {
        validateSelf(leaf, requirements);
        CredentialType type = leaf.credential().type();
        for (int i = 0; i < tree.leafCount(); i++) {
            if (i == replacedLeaf) {
                continue;
            }
            Optional<LeafNode> other = tree.leafNode(i);
            if (other.isEmpty()) {
                continue;
            }
            LeafNode o = other.get();
            if (!o.capabilities().supportsCredential(type)) {
                throw new ValidationException(Reason.INVALID_LEAF_NODE,
                        "credential type " + type + " not supported by leaf " + i);
            }
            if (!leaf.capabilities().supportsCredential(o.credential().type())) {
                throw new ValidationException(Reason.INVALID_LEAF_NODE,
                        "LeafNode does not support credential type " + o.credential().type() + " in use by leaf " + i);
            }
            if (Arrays.equals(o.signatureKey(), leaf.signatureKey())) {
                throw new ValidationException(Reason.INVALID_LEAF_NODE, "signature key already used by leaf " + i);
            }
        }
        for (int x = 0; x < tree.nodeWidth(); x++) {
            if (x == (replacedLeaf < 0 ? -1 : TreeMath.leafToNode(replacedLeaf)) || tree.isBlank(x)) {
                continue;
            }
            if (Arrays.equals(tree.encryptionKey(x), leaf.encryptionKey())) {
                throw new ValidationException(Reason.INVALID_LEAF_NODE, "encryption key already used by node " + x);
            }
        }
    }

    /** §7.3 checks on a LeafNode alone: required capabilities, lifetime, extension support. */
    static void validateSelf(LeafNode leaf, GroupRequirements requirements) throws ValidationException {
        Capabilities caps = leaf.capabilities();
        if (!caps.supportsCredential(leaf.credential().type())) {
            throw new ValidationException(Reason.INVALID_LEAF_NODE,
                    "capabilities do not list the LeafNode's own credential type " + leaf.credential().type());
        }
        for (var ext : requirements.requiredExtensions()) {
            if (!ext.isDefaultType() && !caps.supportsExtension(ext)) {
                throw new ValidationException(Reason.INVALID_LEAF_NODE, "required extension " + ext + " not supported");
            }
        }
        for (int proposal : requirements.requiredProposals()) {
            if (!(proposal >= 1 && proposal <= 7) && !caps.supportsProposal(proposal)) {
                throw new ValidationException(Reason.INVALID_LEAF_NODE, "required proposal type " + proposal + " not supported");
            }
        }
        for (CredentialType c : requirements.requiredCredentials()) {
            if (!caps.supportsCredential(c)) {
                throw new ValidationException(Reason.INVALID_LEAF_NODE, "required credential type " + c + " not supported");
            }
        }
        if (requirements.nowEpochSeconds().isPresent() && leaf.lifetime().isPresent()
                && !leaf.lifetime().get().contains(requirements.nowEpochSeconds().getAsLong())) {
            throw new ValidationException(Reason.INVALID_LEAF_NODE, "LeafNode lifetime does not cover the current time");
        }
        for (Extension e : leaf.extensions()) {
            if (!e.type().isDefaultType() && !caps.supportsExtension(e.type())) {
                throw new ValidationException(Reason.INVALID_LEAF_NODE,
                        "extension " + e.type() + " not listed in the LeafNode's capabilities");
            }
        }
    }
}
