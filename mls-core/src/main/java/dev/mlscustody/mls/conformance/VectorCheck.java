package dev.mlscustody.mls.conformance;

import java.util.Optional;

/**
 * Checks one test-vector case of one type. Returns empty when the case passes, otherwise a short
 * description that starts with the first field that differs, e.g. {@code "tree_hash_after: expected 0a.. got 0b.."}.
 * An exception thrown by a check counts as a failure of that case.
 */
@FunctionalInterface
public interface VectorCheck {
    Optional<String> check(VectorCase vectorCase) throws Exception;

    /** Helper for checks: compares bytes and names the field on mismatch. */
    static Optional<String> compare(String field, byte[] expected, byte[] actual) {
        if (java.util.Arrays.equals(expected, actual)) {
            return Optional.empty();
        }
        return Optional.of(field + ": expected " + Hex.abbreviate(expected) + " got " + Hex.abbreviate(actual));
    }
}
