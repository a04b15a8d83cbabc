package dev.mlscustody.mls.group;

import dev.mlscustody.mls.message.Credential;
import dev.mlscustody.mls.tree.LeafNode;
import java.util.Objects;

/** A member of the group: its leaf index and LeafNode (credential, keys, capabilities). */
public record Member(int leafIndex, LeafNode leafNode) {
    public Member {
        Objects.requireNonNull(leafNode, "leafNode");
    }

    public Credential credential() {
        return leafNode.credential();
    }

    public byte[] signatureKey() {
        return leafNode.signatureKey();
    }
}
