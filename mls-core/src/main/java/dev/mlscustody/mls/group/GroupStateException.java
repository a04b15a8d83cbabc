package dev.mlscustody.mls.group;

import dev.mlscustody.mls.MlsException;

/**
 * An operation is not allowed in the group's current state (RFC 9420 §12.4.2: a removed member
 * is inactive; §11.2: after a ReInit commit the group must not be used to send; a pending own
 * commit must be merged or discarded first). Nothing changed.
 */
public final class GroupStateException extends MlsException {
    private static final long serialVersionUID = 1L;

    /** Why the operation was refused. */
    public enum Reason {
        INACTIVE,
        PENDING_COMMIT,
        NO_PENDING_COMMIT,
        PENDING_PROPOSALS,
        REINIT_PENDING,
        UNKNOWN_MEMBER,
        UNKNOWN_EPOCH,
        NOT_ALLOWED
    }

    private final Reason reason;

    public GroupStateException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
