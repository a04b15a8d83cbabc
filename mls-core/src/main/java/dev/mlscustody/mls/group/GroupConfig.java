package dev.mlscustody.mls.group;

import java.time.Clock;
import java.util.Objects;

/**
 * Local policy of one member for one group. None of it is on the wire; two members of the same
 * group may use different configurations.
 *
 * @param handshakeAsPrivateMessage send proposals and commits as PrivateMessage (RFC 9420 §6.3)
 *                                  instead of PublicMessage (§6.2)
 * @param paddingBlock             pad PrivateMessage content to a multiple of this many bytes
 *                                 (§6.3.1, §15.1); 0 disables padding
 * @param maxForwardGenerations    how far ahead of the next expected generation a received
 *                                 message may be (§9.4 / §15.4 out-of-order tolerance)
 * @param maxPastEpochs            how many previous epochs are kept to decrypt late application
 *                                 messages (§15.4) and to serve resumption PSKs (§8.6)
 * @param maxSkippedKeys           how many skipped message keys are kept per sender ratchet
 * @param lifetimePolicy           how KeyPackage and LeafNode lifetimes are checked (§7.3, §10.1)
 * @param maxLifetime              the longest acceptable total lifetime of a LeafNode (§7.2: "Applications
 *                                 MUST define a maximum total lifetime")
 * @param clock                    the time source for lifetime checks
 */
public record GroupConfig(
        boolean handshakeAsPrivateMessage,
        int paddingBlock,
        int maxForwardGenerations,
        int maxPastEpochs,
        int maxSkippedKeys,
        LifetimePolicy lifetimePolicy,
        java.time.Duration maxLifetime,
        Clock clock) {

    /** How lifetimes in KeyPackages and LeafNodes are enforced. */
    public enum LifetimePolicy {
        /** Reject a KeyPackage / leaf whose lifetime does not contain the current time. */
        ENFORCE,
        /**
         * Do not check lifetimes of leaves already in a tree received at join (§7.3 allows this:
         * "Applications MAY skip the lifetime check for leaves in a tree received in a Welcome"),
         * but enforce for new KeyPackages.
         */
        ENFORCE_NEW_ONLY,
        /** Never check (tests with fixed vectors). */
        IGNORE
    }

    public GroupConfig {
        Objects.requireNonNull(lifetimePolicy, "lifetimePolicy");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        if (paddingBlock < 0 || paddingBlock > 65536) {
            throw new IllegalArgumentException("paddingBlock must be in 0..65536");
        }
        if (maxForwardGenerations < 0 || maxPastEpochs < 0 || maxSkippedKeys < 0) {
            throw new IllegalArgumentException("bounds must not be negative");
        }
    }

    /** Defaults: PublicMessage handshakes, no padding, 1000 generations ahead, 3 past epochs, 1000 skipped keys. */
    public static GroupConfig defaults() {
        return new GroupConfig(false, 0, 1000, 3, 1000, LifetimePolicy.ENFORCE_NEW_ONLY, java.time.Duration.ofDays(366),
                Clock.systemUTC());
    }

    public GroupConfig withHandshakeAsPrivateMessage(boolean value) {
        return new GroupConfig(value, paddingBlock, maxForwardGenerations, maxPastEpochs, maxSkippedKeys,
                lifetimePolicy, maxLifetime, clock);
    }

    public GroupConfig withPaddingBlock(int value) {
        return new GroupConfig(handshakeAsPrivateMessage, value, maxForwardGenerations, maxPastEpochs,
                maxSkippedKeys, lifetimePolicy, maxLifetime, clock);
    }

    public GroupConfig withMaxForwardGenerations(int value) {
        return new GroupConfig(handshakeAsPrivateMessage, paddingBlock, value, maxPastEpochs, maxSkippedKeys,
                lifetimePolicy, maxLifetime, clock);
    }

    public GroupConfig withMaxPastEpochs(int value) {
        return new GroupConfig(handshakeAsPrivateMessage, paddingBlock, maxForwardGenerations, value,
                maxSkippedKeys, lifetimePolicy, maxLifetime, clock);
    }

    public GroupConfig withMaxSkippedKeys(int value) {
        return new GroupConfig(handshakeAsPrivateMessage, paddingBlock, maxForwardGenerations, maxPastEpochs,
                value, lifetimePolicy, maxLifetime, clock);
    }

    public GroupConfig withLifetimePolicy(LifetimePolicy value) {
        return new GroupConfig(handshakeAsPrivateMessage, paddingBlock, maxForwardGenerations, maxPastEpochs,
                maxSkippedKeys, value, maxLifetime, clock);
    }

    public GroupConfig withMaxLifetime(java.time.Duration value) {
        return new GroupConfig(handshakeAsPrivateMessage, paddingBlock, maxForwardGenerations, maxPastEpochs,
                maxSkippedKeys, lifetimePolicy, value, clock);
    }

    public GroupConfig withClock(Clock value) {
        return new GroupConfig(handshakeAsPrivateMessage, paddingBlock, maxForwardGenerations, maxPastEpochs,
                maxSkippedKeys, lifetimePolicy, maxLifetime, value);
    }

    /** Seconds since the Unix epoch, per {@link #clock()}. */
    long nowSeconds() {
        return clock.millis() / 1000;
    }
}
