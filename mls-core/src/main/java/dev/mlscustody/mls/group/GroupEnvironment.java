package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.KeyCustody;
import java.util.Objects;
import java.util.Optional;

/**
 * What a group needs from its host application: local policy, the key custody that generates
 * our new leaf keys, external PSKs, the authentication service, and (for ReInit and branch
 * joins, §11.2/§11.3) the resumption PSKs of other groups we are or were a member of.
 */
public record GroupEnvironment(GroupConfig config, KeyCustody custody, PskStore psks,
                               CredentialValidator credentials, ResumptionPsks resumptionPsks) {

    /** Resumption PSKs of other groups (RFC 9420 §8.6), by group id and epoch. */
    @FunctionalInterface
    public interface ResumptionPsks {
        Optional<byte[]> resumptionPsk(byte[] groupId, long epoch);

        static ResumptionPsks none() {
            return (g, e) -> Optional.empty();
        }
    }

    public GroupEnvironment {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(custody, "custody");
        Objects.requireNonNull(psks, "psks");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(resumptionPsks, "resumptionPsks");
    }

    public GroupEnvironment(GroupConfig config, KeyCustody custody, PskStore psks, CredentialValidator credentials) {
        this(config, custody, psks, credentials, ResumptionPsks.none());
    }

    public GroupEnvironment withResumptionPsks(ResumptionPsks value) {
        return new GroupEnvironment(config, custody, psks, credentials, value);
    }

    public GroupEnvironment withConfig(GroupConfig value) {
        return new GroupEnvironment(value, custody, psks, credentials, resumptionPsks);
    }
}
