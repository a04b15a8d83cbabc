package dev.mlscustody.cli.client;

/** A command-line client failure with a message fit for the JSON error line (no secrets). */
public final class ClientException extends Exception {
    private static final long serialVersionUID = 1L;

    public ClientException(String message) {
        super(message);
    }

    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
