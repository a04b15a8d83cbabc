package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.MlsException;

/** A test-vector case lacks a field or has it with the wrong JSON type. */
public final class VectorFormatException extends MlsException {
    private static final long serialVersionUID = 1L;

    public VectorFormatException(String message) {
        super(message);
    }
}
