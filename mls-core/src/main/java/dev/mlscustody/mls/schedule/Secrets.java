package dev.mlscustody.mls.schedule;

import java.util.Arrays;

/** Small helpers for secret byte strings: defensive copies and best-effort erasure. */
final class Secrets {
    private Secrets() {
    }

    static byte[] copy(byte[] secret) {
        return secret == null ? null : secret.clone();
    }

    /** Overwrites the array with zeros (best effort; the JVM may hold other copies). */
    static void erase(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }

    static byte[] require(byte[] value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return value;
    }
}
