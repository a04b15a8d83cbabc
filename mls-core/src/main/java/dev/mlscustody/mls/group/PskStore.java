package dev.mlscustody.mls.group;

import java.util.Optional;

/**
 * External pre-shared keys (RFC 9420 §8.4, psktype external) by {@code psk_id}. Resumption PSKs
 * (psktype resumption) are not here: the group keeps the {@code resumption_psk} of its past
 * epochs itself ({@link Group#resumptionPsk}).
 */
@FunctionalInterface
public interface PskStore {
    /** The PSK value for {@code pskId}, or empty if it is unknown. The caller does not keep the array. */
    Optional<byte[]> externalPsk(byte[] pskId);

    static PskStore none() {
        return id -> Optional.empty();
    }
}
