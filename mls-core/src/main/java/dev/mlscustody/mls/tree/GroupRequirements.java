package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.message.CredentialType;
import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.ExtensionType;
import dev.mlscustody.mls.message.RequiredCapabilities;
import java.util.List;
import java.util.Optional;
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

    /** The requirements of a {@code required_capabilities} extension, lifetimes not checked. */
    public static GroupRequirements of(RequiredCapabilities required) {
        return new GroupRequirements(required.extensionTypes(), required.proposalTypes(), required.credentialTypes(),
                OptionalLong.empty());
    }

    /** The requirements in a GroupContext's extensions (none if it has no required_capabilities). */
    public static GroupRequirements fromGroupContextExtensions(List<Extension> extensions) throws DecodeException {
        Optional<Extension> e = Extension.find(extensions, ExtensionType.REQUIRED_CAPABILITIES);
        return e.isPresent() ? of(RequiredCapabilities.fromExtension(e.get())) : NONE;
    }

    /**
     * The requirements of a GroupContext's extensions for the group engine: a malformed
     * {@code required_capabilities} extension is an INVALID_PROPOSAL (§11.1, §12.1.7).
     */
    public static GroupRequirements ofContext(List<Extension> extensions) throws ValidationException {
        try {
            return fromGroupContextExtensions(extensions);
        } catch (DecodeException e) {
            throw new ValidationException(ValidationException.Reason.INVALID_PROPOSAL,
                    "malformed required_capabilities extension");
        }
    }

    /** The same requirements with lifetimes not checked. */
    public GroupRequirements withoutTime() {
        return nowEpochSeconds.isEmpty() ? this
                : new GroupRequirements(requiredExtensions, requiredProposals, requiredCredentials, OptionalLong.empty());
    }

    /** The same requirements with lifetimes checked against {@code epochSeconds}. */
    public GroupRequirements at(long epochSeconds) {
        return new GroupRequirements(requiredExtensions, requiredProposals, requiredCredentials, OptionalLong.of(epochSeconds));
    }
}
