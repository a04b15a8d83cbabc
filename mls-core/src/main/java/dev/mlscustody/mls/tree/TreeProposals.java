package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.Remove;
import dev.mlscustody.mls.message.Update;
import java.util.OptionalInt;

/**
 * The effect of Add, Update and Remove proposals on the ratchet tree (RFC 9420 §12.1.1–12.1.3),
 * applied to a {@link TreeEditor}. Whether a proposal is acceptable (LeafNode and KeyPackage
 * validation, §7.3, §10.1) is checked before; this class checks only what the tree itself decides
 * (a Remove or Update must name an occupied leaf).
 */
public final class TreeProposals {
    private TreeProposals() {
    }

    /**
     * Applies {@code proposal} sent by {@code sender} (a leaf index; ignored for Add and Remove).
     *
     * @return the new member's leaf index for an Add
     * @throws ValidationException INVALID_PROPOSAL for a Remove/Update of a blank or absent leaf
     * @throws IllegalArgumentException for proposal types that do not change the tree
     */
    public static OptionalInt apply(TreeEditor editor, Proposal proposal, int sender) throws ValidationException {
        return switch (proposal) {
            case Add add -> OptionalInt.of(applyAdd(editor, add));
            case Update update -> {
                applyUpdate(editor, sender, update);
                yield OptionalInt.empty();
            }
            case Remove remove -> {
                applyRemove(editor, remove);
                yield OptionalInt.empty();
            }
            default -> throw new IllegalArgumentException(proposal.type() + " proposals do not change the tree");
        };
    }

    /** §12.1.1: the KeyPackage's LeafNode into the leftmost blank leaf (or a new one). */
    public static int applyAdd(TreeEditor editor, Add add) {
        return editor.addLeaf(add.keyPackage().leafNode());
    }

    /** §12.1.2: replaces the sender's LeafNode and blanks its direct path. */
    public static void applyUpdate(TreeEditor editor, int sender, Update update) throws ValidationException {
        requireOccupied(editor, sender, "Update sender");
        editor.updateLeaf(sender, update.leafNode());
    }

    /** §12.1.3: blanks the removed leaf and its direct path, then truncates the tree. */
    public static void applyRemove(TreeEditor editor, Remove remove) throws ValidationException {
        requireOccupied(editor, (int) remove.removed(), "Remove target");
        editor.removeLeaf((int) remove.removed());
    }

    private static void requireOccupied(TreeEditor editor, long leaf, String what) throws ValidationException {
        if (leaf < 0 || leaf >= editor.leafCount() || editor.isBlank(TreeMath.leafToNode((int) leaf))) {
            throw new ValidationException(Reason.INVALID_PROPOSAL, what + " " + leaf + " is not a member");
        }
    }
}
