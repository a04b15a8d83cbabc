package dev.mlscustody.mls.group;

import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.ExternalInit;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.ReInit;
import dev.mlscustody.mls.tree.LeafNodeValidator;
import dev.mlscustody.mls.tree.MemberIndex;
import dev.mlscustody.mls.tree.TreeEditor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The result of validating and applying a commit's proposal list (RFC 9420 §12.2, §12.3): the
 * tree being edited, the new GroupContext extensions, and what the rest of commit processing
 * needs (added leaves for the Welcome and path encryption, PSKs in order, ExternalInit, ReInit).
 *
 * @param leafValidator the §7.3 rules for leaves entering the tree; {@code members} the
 *                      members after the proposals, for those rules
 * @param updatedBy leaf index -> the proposal reference of the Update applied to it
 */
record AppliedProposals(
        TreeEditor editor,
        List<Extension> extensions,
        boolean extensionsChanged,
        Map<Integer, KeyPackage> added,
        Set<Integer> removed,
        Map<Integer, Optional<byte[]>> updatedBy,
        List<PreSharedKeyId> psks,
        Optional<ExternalInit> externalInit,
        Optional<ReInit> reinit,
        boolean pathRequired,
        LeafNodeValidator leafValidator,
        MemberIndex members) {
}
