package dev.mlscustody.pkcs11;

/**
 * A PKCS#11 URI (RFC 7512) is malformed or uses something this adapter refuses (for example
 * {@code pin-value}). The message names the offending attribute, never its value when that
 * value could be a secret, and never the whole URI.
 */
public final class Pkcs11UriException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public Pkcs11UriException(String message) {
        super(message);
    }
}
