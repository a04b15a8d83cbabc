package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.schedule.HashRatchet;
import java.util.Objects;

/**
 * A received message that passed every check of RFC 9420 §6.2 or §6.3 (group, epoch, sender
 * data, decryption, padding, membership tag, signature) whose ratchet key has not been consumed
 * yet. The caller decides when the message is accepted (for a Commit: when it has been staged)
 * and only then calls {@link #consume()}, so a message rejected later changes no state (§9.2
 * deletion schedule applies to accepted messages). PublicMessages have nothing to consume.
 */
public final class Unprotected {
    private final AuthenticatedContent content;
    private final HashRatchet ratchet;
    private final int generation;

    private Unprotected(AuthenticatedContent content, HashRatchet ratchet, int generation) {
        this.content = Objects.requireNonNull(content, "content");
        this.ratchet = ratchet;
        this.generation = generation;
    }

    /** A PrivateMessage opened with {@code ratchet}'s key of {@code generation}. */
    static Unprotected withKey(AuthenticatedContent content, HashRatchet ratchet, int generation) {
        return new Unprotected(content, Objects.requireNonNull(ratchet, "ratchet"), generation);
    }

    /** A verified PublicMessage: no key to consume. */
    public static Unprotected verified(AuthenticatedContent content) {
        return new Unprotected(content, null, -1);
    }

    /** The verified content. */
    public AuthenticatedContent content() {
        return content;
    }

    /** The generation of the key used, -1 for a PublicMessage. */
    public int generation() {
        return generation;
    }

    /**
     * Deletes the key used (§9.2), keeping the keys of skipped generations.
     *
     * @throws ValidationException KEY_ALREADY_USED if it was consumed in the meantime
     */
    public void consume() throws ValidationException {
        if (ratchet != null) {
            ratchet.consume(generation);
        }
    }

    @Override
    public String toString() {
        return "Unprotected[" + content.wireFormat() + ", generation " + generation + "]";
    }
}
