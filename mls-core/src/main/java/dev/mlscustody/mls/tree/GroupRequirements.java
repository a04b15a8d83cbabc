package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.message.CredentialType;
import dev.mlscustody.mls.message.ExtensionType;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the group asks of every LeafNode beyond the LeafNode's own consistency (RFC 9420 §7.3):
 * the contents of a {@code required_capabilities} GroupContext extension (§11.1), and the time to
 * check {@code lifetime} against (empty: lifetimes are not checked, which §7.3 allows for
 * LeafNodes received in a message or a joined tree).
 */
public record GroupRequirements(
        List<ExtensionType> requiredExtensions,
        List<Integer> requiredProposals,
        List<CredentialType> requiredCredentials,
        OptionalLong nowEpochSeconds) {

    /** No required capabilities, lifetimes not checked. */
    public static final GroupRequirements NONE = new GroupRequirements(List.of(), List.of(), List.of(), OptionalLong.empty());

    public GroupRequirements {
        requiredExtensions = List.copyOf(requiredExtensions);
        requiredProposals = List.copyOf(requiredProposals);
        requiredCredentials = List.copyOf(requiredCredentials);
    }

    /** The same requirements with lifetimes checked against {@code epochSeconds}. */
    public GroupRequirements at(long epochSeconds) {
        return new GroupRequirements(requiredExtensions, requiredProposals, requiredCredentials, OptionalLong.of(epochSeconds));
    }
}
