package dev.mlscustody.mls;

/**
 * Root of every checked error raised by the MLS engine. Messages name the operation and the
 * offending field or key id; they never carry secret material (keys, secrets, plaintext, PINs).
 */
public abstract class MlsException extends Exception {
    private static final long serialVersionUID = 1L;

    protected MlsException(String message) {
        super(message);
    }

    protected MlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
