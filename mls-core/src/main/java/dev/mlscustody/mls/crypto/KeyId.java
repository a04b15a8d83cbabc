package dev.mlscustody.mls.crypto;

import java.util.Objects;

/**
 * Stable, non-secret name of a custody key (for a PKCS#11 token: the hex CKA_ID). Group state
 * refers to custody keys only through these ids.
 */
public record KeyId(String value) {
    public KeyId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 256) {
            throw new IllegalArgumentException("key id must have 1..256 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
