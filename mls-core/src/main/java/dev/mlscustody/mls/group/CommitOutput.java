package dev.mlscustody.mls.group;

import dev.mlscustody.mls.framing.MlsMessage;
import java.util.Objects;
import java.util.Optional;

/**
 * What our commit produced: the commit message for the group, a Welcome for the added members
 * (if any), and the GroupInfo of the new epoch (with external_pub, for external joiners).
 */
public record CommitOutput(MlsMessage commit, Optional<MlsMessage> welcome, MlsMessage groupInfo) {
    public CommitOutput {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(welcome, "welcome");
        Objects.requireNonNull(groupInfo, "groupInfo");
    }
}
