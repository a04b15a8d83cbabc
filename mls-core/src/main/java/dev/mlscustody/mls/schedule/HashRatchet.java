package dev.mlscustody.mls.schedule;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.crypto.CipherSuite;

import java.util.Objects;
import java.util.TreeMap;

/**
 * One symmetric hash ratchet of the secret tree (RFC 9420 §9.1):
 * <pre>
 * ratchet_nonce_[N]_[j]      = DeriveTreeSecret(ratchet_secret_[N]_[j], "nonce", j, AEAD.Nn)
 * ratchet_key_[N]_[j]        = DeriveTreeSecret(ratchet_secret_[N]_[j], "key", j, AEAD.Nk)
 * ratchet_secret_[N]_[j + 1] = DeriveTreeSecret(ratchet_secret_[N]_[j], "secret", j, KDF.Nh)
 * </pre>
 * Deletion (§9.2): the ratchet keeps only the secret of its next unused generation and the
 * keys of skipped generations (bounded by {@link RatchetPolicy}). A key is deleted once it is
 * consumed; asking for a consumed generation fails with KEY_ALREADY_USED.
 *
 * <p>Receiving is two-step so that a failed decryption consumes nothing: {@link #keyFor(int)}
 * derives the key without changing the ratchet; {@link #consume(int)} is called after the
 * message was successfully decrypted and verified. Sending uses {@link #nextForSending()}.
 *
 * <p>Not thread-safe: the owner (group state) serialises access.
 */
public final class HashRatchet {
    private final CipherSuite suite;
    private final RatchetPolicy policy;
    private final int keyLength;
    private final int nonceLength;
    /** ratchet_secret_[N]_[next]. */
    private byte[] secret;
    private int next;
    /** Keys of generations below {@code next} that were skipped and not consumed yet. */
    private final TreeMap<Integer, RatchetKey> retained = new TreeMap<>();

    HashRatchet(CipherSuite suite, byte[] rootSecret, RatchetPolicy policy) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.secret = Objects.requireNonNull(rootSecret, "rootSecret").clone();
        this.keyLength = suite.aead().nk();
        this.nonceLength = suite.aead().nn();
    }

    /** The next generation this ratchet has not derived past. */
    public int nextGeneration() {
        return next;
    }

    /** Sender side: the key of the next unused generation; it is consumed at once. */
    public RatchetKey nextForSending() {
        if (next == Integer.MAX_VALUE) {
            throw new IllegalStateException("hash ratchet exhausted");
        }
        RatchetKey key = derive(secret, next);
        advance();
        return key;
    }

    /**
     * Receiver side: the key of {@code generation}, without consuming it and without changing
     * the ratchet.
     *
     * @throws ValidationException KEY_ALREADY_USED if that generation's key was consumed or
     *                             deleted; GENERATION_TOO_FAR if it lies beyond the forward limit
     */
    public RatchetKey keyFor(int generation) throws ValidationException {
        checkAvailable(generation);
        if (generation < next) {
            return retained.get(generation);
        }
        byte[] s = secret.clone();
        for (int g = next; g < generation; g++) {
            byte[] n = suite.deriveTreeSecret(s, "secret", g, suite.hashLength());
            Secrets.erase(s);
            s = n;
        }
        try {
            return derive(s, generation);
        } finally {
            Secrets.erase(s);
        }
    }

    /**
     * Receiver side, after successful decryption: deletes the key of {@code generation}, keeps
     * the keys of skipped generations, and moves the ratchet past it.
     */
    public void consume(int generation) throws ValidationException {
        checkAvailable(generation);
        if (generation < next) {
            retained.remove(generation);
            return;
        }
        while (next < generation) {
            retain(derive(secret, next));
            advance();
        }
        advance();
    }

    private void checkAvailable(int generation) throws ValidationException {
        if (generation < 0 || generation == Integer.MAX_VALUE) {
            throw new ValidationException(Reason.GENERATION_TOO_FAR, "generation out of range: " + generation);
        }
        if (generation < next) {
            if (!retained.containsKey(generation)) {
                throw new ValidationException(Reason.KEY_ALREADY_USED,
                        "key of generation " + generation + " was already used or deleted");
            }
        } else if ((long) generation - next > policy.maxForwardJump()) {
            throw new ValidationException(Reason.GENERATION_TOO_FAR,
                    "generation " + generation + " is more than " + policy.maxForwardJump()
                            + " ahead of generation " + next);
        }
    }

    private void retain(RatchetKey key) {
        if (policy.maxRetainedKeys() == 0) {
            return;
        }
        retained.put(key.generation(), key);
        while (retained.size() > policy.maxRetainedKeys()) {
            retained.pollFirstEntry();
        }
    }

    private RatchetKey derive(byte[] s, int generation) {
        byte[] key = suite.deriveTreeSecret(s, "key", generation, keyLength);
        byte[] nonce = suite.deriveTreeSecret(s, "nonce", generation, nonceLength);
        RatchetKey k = new RatchetKey(generation, key, nonce);
        Secrets.erase(key);
        Secrets.erase(nonce);
        return k;
    }

    private void advance() {
        byte[] n = suite.deriveTreeSecret(secret, "secret", next, suite.hashLength());
        Secrets.erase(secret);
        secret = n;
        next++;
    }

    /**
     * Writes the ratchet's state (next secret, next generation, retained skipped keys) for a
     * group state snapshot. Secret material: the output must be stored encrypted.
     */
    void encodeState(dev.mlscustody.mls.codec.TlsWriter w) {
        w.opaque(secret).u32(next);
        w.u32(retained.size());
        for (RatchetKey k : retained.values()) {
            w.u32(k.generation()).opaque(k.key()).opaque(k.nonce());
        }
    }

    static HashRatchet decodeState(CipherSuite suite, RatchetPolicy policy, dev.mlscustody.mls.codec.TlsReader r)
            throws dev.mlscustody.mls.codec.DecodeException {
        HashRatchet h = new HashRatchet(suite, r.opaque(), policy);
        h.next = r.u32AsInt("generation");
        int n = r.u32AsInt("retained keys");
        for (int i = 0; i < n; i++) {
            RatchetKey k = new RatchetKey(r.u32AsInt("generation"), r.opaque(), r.opaque());
            h.retained.put(k.generation(), k);
        }
        return h;
    }

    @Override
    public String toString() {
        return "HashRatchet[next=" + next + ", retained=" + retained.size() + ", secrets redacted]";
    }
}
