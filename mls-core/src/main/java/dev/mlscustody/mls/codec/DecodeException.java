package dev.mlscustody.mls.codec;

import dev.mlscustody.mls.MlsException;

/** Malformed TLS presentation-language input (RFC 9420 §2.1): the input is rejected, nothing changes. */
public final class DecodeException extends MlsException {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message) {
        super(message);
    }
}
