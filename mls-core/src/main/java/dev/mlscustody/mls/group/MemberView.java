package dev.mlscustody.mls.group;

import dev.mlscustody.mls.tree.LeafNode;
import java.util.Optional;

/**
 * The leaves of a ratchet tree as the proposal and leaf-node rules of RFC 9420 §7.3, §12.1 and
 * §12.2 need them, without any secret and without the parent nodes.
 */
interface MemberView {
    /** Number of leaves in the tree (blank or not). */
    int leafCount();

    /** The LeafNode at {@code leafIndex}, empty for a blank leaf or an index past the tree. */
    Optional<LeafNode> leaf(int leafIndex);

    /** The leaves of a (frozen or edited) ratchet tree. */
    static MemberView of(dev.mlscustody.mls.tree.TreeView tree) {
        return new MemberView() {
            @Override
            public int leafCount() {
                return tree.leafCount();
            }

            @Override
            public Optional<LeafNode> leaf(int leafIndex) {
                return tree.leafNode(leafIndex);
            }
        };
    }
}
