package dev.mlscustody.mls.group;

import dev.mlscustody.mls.tree.PrivateTreeKeys;
import dev.mlscustody.mls.schedule.EpochSecrets;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.schedule.SecretTree;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.RatchetTree;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a member knows about one epoch (RFC 9420 §8, §9): the public state (GroupContext,
 * ratchet tree, interim transcript hash, the confirmation tag that opened the epoch), the epoch
 * secrets, the secret tree with its ratchets, and our private tree. Only the secret tree is
 * mutable (its ratchets advance as messages are sent and received, §9.2).
 */
final class EpochState implements MemberView {
    private final GroupContext context;
    private final byte[] encodedContext;
    private final RatchetTree tree;
    private final byte[] interimTranscriptHash;
    private final byte[] confirmationTag;
    private final EpochSecrets secrets;
    private final SecretTree secretTree;
    private final PrivateTreeKeys privateTree;

    EpochState(GroupContext context, RatchetTree tree, byte[] interimTranscriptHash, byte[] confirmationTag,
               EpochSecrets secrets, SecretTree secretTree, PrivateTreeKeys privateTree) {
        this.context = Objects.requireNonNull(context, "context");
        this.encodedContext = context.toBytes();
        this.tree = Objects.requireNonNull(tree, "tree");
        this.interimTranscriptHash = interimTranscriptHash.clone();
        this.confirmationTag = confirmationTag.clone();
        // §9.2: joiner, welcome and encryption secrets are consumed by now
        this.secrets = Objects.requireNonNull(secrets, "secrets").withoutConsumed();
        this.secretTree = Objects.requireNonNull(secretTree, "secretTree");
        this.privateTree = Objects.requireNonNull(privateTree, "privateTree");
    }

    /** §9.2 / §15.4: this epoch reduced to what decrypting late application messages needs. */
    EpochState forPastUse() {
        return new EpochState(context, tree, interimTranscriptHash, confirmationTag, secrets.forPastEpoch(), secretTree,
                privateTree.withoutKeys());
    }

    /** The same epoch without our private tree keys (after we were removed and destroyed the leaf key). */
    EpochState withoutPrivateKeys() {
        return new EpochState(context, tree, interimTranscriptHash, confirmationTag, secrets, secretTree,
                privateTree.withoutKeys());
    }

    GroupContext context() {
        return context;
    }

    byte[] encodedContext() {
        return encodedContext;
    }

    long epoch() {
        return context.epoch();
    }

    RatchetTree tree() {
        return tree;
    }

    byte[] interimTranscriptHash() {
        return interimTranscriptHash.clone();
    }

    byte[] confirmationTag() {
        return confirmationTag.clone();
    }

    EpochSecrets secrets() {
        return secrets;
    }

    SecretTree secretTree() {
        return secretTree;
    }

    PrivateTreeKeys privateTree() {
        return privateTree;
    }

    int ownLeaf() {
        return privateTree.ownLeaf();
    }

    @Override
    public int leafCount() {
        return tree.leafCount();
    }

    @Override
    public Optional<LeafNode> leaf(int leafIndex) {
        return tree.leafNode(leafIndex);
    }

    @Override
    public String toString() {
        return "EpochState[epoch=" + Long.toUnsignedString(context.epoch()) + ", leaves=" + tree.leafCount()
                + ", own leaf=" + privateTree.ownLeaf() + "]";
    }
}
