package dev.mlscustody.mls;

/**
 * A message, tree, KeyPackage, proposal or commit breaks a rule of RFC 9420 ("MUST verify /
 * MUST reject"). The state it was checked against is unchanged. Messages name the rule, never
 * secret material.
 */
public class ValidationException extends MlsException {
    private static final long serialVersionUID = 1L;

    /** The broken rule, for callers to branch on. */
    public enum Reason {
        WRONG_GROUP,
        WRONG_EPOCH,
        WRONG_WIRE_FORMAT,
        WRONG_CIPHER_SUITE,
        UNKNOWN_SENDER,
        BAD_SIGNATURE,
        BAD_MEMBERSHIP_TAG,
        BAD_CONFIRMATION_TAG,
        DECRYPTION_FAILED,
        BAD_SENDER_DATA,
        BAD_PADDING,
        GENERATION_TOO_FAR,
        KEY_ALREADY_USED,
        EPOCH_TOO_OLD,
        INVALID_LEAF_NODE,
        INVALID_TREE,
        INVALID_KEY_PACKAGE,
        INVALID_CREDENTIAL,
        INVALID_PROPOSAL,
        INVALID_COMMIT,
        INVALID_UPDATE_PATH,
        INVALID_WELCOME,
        INVALID_GROUP_INFO,
        MISSING_PSK,
        UNSUPPORTED
    }

    private final Reason reason;

    public ValidationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ValidationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
