package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.message.CredentialType;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;

/**
 * The members' leaves as the §7.3 rules that compare a LeafNode with the rest of the group need
 * them (credential types in use and supported, unique encryption and signature keys), indexed once
 * so that validating n new leaves costs O(n), not O(n * group size). Kept in step with a
 * {@link TreeEditor} by {@link #replace} and {@link #remove} while proposals are applied.
 */
public final class MemberIndex {
    private final Map<ByteBuffer, Integer> encryptionKeys = new HashMap<>();
    private final Map<ByteBuffer, Integer> signatureKeys = new HashMap<>();
    private final Map<Integer, LeafNode> leaves = new HashMap<>();
    /** credential type -> number of members using it. */
    private final Map<CredentialType, Integer> typesInUse = new HashMap<>();
    /** credential type -> number of members whose capabilities list it. */
    private final Map<CredentialType, Integer> typesSupported = new HashMap<>();

    private MemberIndex() {
    }

    /** Indexes the non-blank leaves of {@code tree} (frozen or being edited). */
    public static MemberIndex of(TreeView tree) {
        MemberIndex index = new MemberIndex();
        for (int i = 0; i < tree.leafCount(); i++) {
            Optional<LeafNode> leaf = tree.leafNode(i);
            if (leaf.isPresent()) {
                index.index(i, leaf.get());
            }
        }
        return index;
    }

    private void index(int leafIndex, LeafNode leaf) {
        leaves.put(leafIndex, leaf);
        typesInUse.merge(leaf.credential().type(), 1, Integer::sum);
        for (CredentialType t : new HashSet<>(leaf.capabilities().credentials())) {
            typesSupported.merge(t, 1, Integer::sum);
        }
        encryptionKeys.put(ByteBuffer.wrap(leaf.encryptionKey()), leafIndex);
        signatureKeys.put(ByteBuffer.wrap(leaf.signatureKey()), leafIndex);
    }

    /** Records that {@code leafIndex} now holds {@code leaf} (after an Add, Update or path). */
    public void replace(int leafIndex, LeafNode leaf) {
        remove(leafIndex);
        index(leafIndex, leaf);
    }

    /** Records that {@code leafIndex} is now blank. */
    public void remove(int leafIndex) {
        LeafNode old = leaves.remove(leafIndex);
        if (old != null) {
            typesInUse.merge(old.credential().type(), -1, Integer::sum);
            for (CredentialType t : new HashSet<>(old.capabilities().credentials())) {
                typesSupported.merge(t, -1, Integer::sum);
            }
            encryptionKeys.remove(ByteBuffer.wrap(old.encryptionKey()), leafIndex);
            signatureKeys.remove(ByteBuffer.wrap(old.signatureKey()), leafIndex);
        }
    }

    Optional<LeafNode> leaf(int leafIndex) {
        return Optional.ofNullable(leaves.get(leafIndex));
    }

    int memberCount() {
        return leaves.size();
    }

    int supporting(CredentialType type) {
        return typesSupported.getOrDefault(type, 0);
    }

    Map<CredentialType, Integer> typesInUse() {
        return typesInUse;
    }

    /** The leaf using this encryption key, or -1. */
    int encryptionKeyOwner(byte[] key) {
        return encryptionKeys.getOrDefault(ByteBuffer.wrap(key), -1);
    }

    /** The leaf using this signature key, or -1. */
    int signatureKeyOwner(byte[] key) {
        return signatureKeys.getOrDefault(ByteBuffer.wrap(key), -1);
    }
}
