package dev.mlscustody.mls.crypto;

import java.util.Optional;

/**
 * A key-custody operation (generate, find, sign, DH, destroy) failed. Names the operation and,
 * where there is one, the key id; never a PIN or key material.
 */
public class KeyCustodyException extends CryptoException {
    private static final long serialVersionUID = 1L;

    /** Why the operation failed; callers branch on this. */
    public enum Reason {
        TOKEN_UNAVAILABLE,
        PIN_INCORRECT,
        KEY_NOT_FOUND,
        MECHANISM_NOT_SUPPORTED,
        TEMPLATE_REJECTED,
        INVALID_INPUT,
        OPERATION_FAILED
    }

    private final Reason reason;
    private final String operation;
    private final KeyId keyId;

    public KeyCustodyException(Reason reason, String operation, KeyId keyId, String detail) {
        this(reason, operation, keyId, detail, null);
    }

    public KeyCustodyException(Reason reason, String operation, KeyId keyId, String detail, Throwable cause) {
        super(format(reason, operation, keyId, detail), cause);
        this.reason = reason;
        this.operation = operation;
        this.keyId = keyId;
    }

    private static String format(Reason reason, String operation, KeyId keyId, String detail) {
        StringBuilder sb = new StringBuilder(operation).append(" failed: ").append(reason.name().toLowerCase().replace('_', ' '));
        if (keyId != null) {
            sb.append(" (key ").append(keyId.value()).append(')');
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    public Reason reason() {
        return reason;
    }

    public String operation() {
        return operation;
    }

    public Optional<KeyId> keyId() {
        return Optional.ofNullable(keyId);
    }
}
