package dev.mlscustody.mls.crypto;

import dev.mlscustody.mls.MlsException;

/**
 * A cryptographic check failed or an input is cryptographically invalid (bad AEAD tag, invalid
 * public key, bad signature encoding). The message names the operation, never secret material.
 */
public class CryptoException extends MlsException {
    private static final long serialVersionUID = 1L;

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
