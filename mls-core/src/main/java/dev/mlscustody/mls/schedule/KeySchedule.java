package dev.mlscustody.mls.schedule;

import dev.mlscustody.mls.crypto.CipherSuite;

import java.util.Objects;

/**
 * The epoch key schedule of RFC 9420 §8:
 * <pre>
 * joiner_secret = ExpandWithLabel(KDF.Extract(init_secret_[n-1], commit_secret), "joiner", GroupContext_[n], Nh)
 * member_secret = KDF.Extract(joiner_secret, psk_secret)
 * welcome_secret = DeriveSecret(member_secret, "welcome")
 * epoch_secret  = ExpandWithLabel(member_secret, "epoch", GroupContext_[n], Nh)
 * </pre>
 * followed by the epoch-derived secrets of {@link EpochSecrets}. KDF.Extract takes its salt from
 * the previous stage and its IKM from the new input ({@code commit_secret}, {@code psk_secret}).
 * The intermediate values (member secret, epoch_secret) are erased once used (§9.2).
 */
public final class KeySchedule {
    private KeySchedule() {
    }

    /**
     * A full epoch transition, as performed by a member processing a Commit.
     *
     * @param initSecret   init_secret of the previous epoch
     * @param commitSecret commit_secret of this Commit, or Nh zero bytes (§12.4)
     * @param pskSecret    psk_secret (§8.4), or Nh zero bytes when there are no PSKs
     * @param groupContext the encoded GroupContext of the new epoch
     */
    public static EpochSecrets derive(CipherSuite suite, byte[] initSecret, byte[] commitSecret,
                                      byte[] pskSecret, byte[] groupContext) {
        byte[] joiner = joinerSecret(suite, initSecret, commitSecret, groupContext);
        try {
            return fromJoinerSecret(suite, joiner, pskSecret, groupContext);
        } finally {
            Secrets.erase(joiner);
        }
    }

    /** {@code joiner_secret = ExpandWithLabel(KDF.Extract(init_secret, commit_secret), "joiner", GroupContext, Nh)}. */
    public static byte[] joinerSecret(CipherSuite suite, byte[] initSecret, byte[] commitSecret, byte[] groupContext) {
        checkLength(suite, initSecret, "init_secret");
        checkLength(suite, commitSecret, "commit_secret");
        Objects.requireNonNull(groupContext, "groupContext");
        byte[] extracted = suite.extract(initSecret, commitSecret);
        try {
            return suite.expandWithLabel(extracted, "joiner", groupContext, suite.hashLength());
        } finally {
            Secrets.erase(extracted);
        }
    }

    /**
     * The part of the schedule a new member runs after decrypting GroupSecrets from a Welcome
     * (§12.4.3.1): from joiner_secret and psk_secret to all epoch secrets.
     */
    public static EpochSecrets fromJoinerSecret(CipherSuite suite, byte[] joinerSecret, byte[] pskSecret,
                                                byte[] groupContext) {
        checkLength(suite, joinerSecret, "joiner_secret");
        checkLength(suite, pskSecret, "psk_secret");
        Objects.requireNonNull(groupContext, "groupContext");
        byte[] member = suite.extract(joinerSecret, pskSecret);
        byte[] welcome = suite.deriveSecret(member, "welcome");
        byte[] epoch = suite.expandWithLabel(member, "epoch", groupContext, suite.hashLength());
        try {
            return EpochSecrets.fromEpochSecret(suite, joinerSecret, welcome, epoch);
        } finally {
            Secrets.erase(member);
            Secrets.erase(welcome);
            Secrets.erase(epoch);
        }
    }

    /** {@code welcome_secret = DeriveSecret(KDF.Extract(joiner_secret, psk_secret), "welcome")} (§8). */
    public static byte[] welcomeSecret(CipherSuite suite, byte[] joinerSecret, byte[] pskSecret) {
        checkLength(suite, joinerSecret, "joiner_secret");
        checkLength(suite, pskSecret, "psk_secret");
        byte[] member = suite.extract(joinerSecret, pskSecret);
        try {
            return suite.deriveSecret(member, "welcome");
        } finally {
            Secrets.erase(member);
        }
    }

    /** §12.4.3.1: {@code welcome_key = ExpandWithLabel(welcome_secret, "key", "", AEAD.Nk)}. */
    public static byte[] welcomeKey(CipherSuite suite, byte[] welcomeSecret) {
        return suite.expandWithLabel(welcomeSecret, "key", new byte[0], suite.aead().nk());
    }

    /** §12.4.3.1: {@code welcome_nonce = ExpandWithLabel(welcome_secret, "nonce", "", AEAD.Nn)}. */
    public static byte[] welcomeNonce(CipherSuite suite, byte[] welcomeSecret) {
        return suite.expandWithLabel(welcomeSecret, "nonce", new byte[0], suite.aead().nn());
    }

    /** The all-zero Nh-byte string used for "no commit secret" and "no PSK" (§8, §8.4). */
    public static byte[] zeroSecret(CipherSuite suite) {
        return new byte[suite.hashLength()];
    }

    private static void checkLength(CipherSuite suite, byte[] secret, String name) {
        Objects.requireNonNull(secret, name);
        if (secret.length != suite.hashLength()) {
            throw new IllegalArgumentException(name + " must be " + suite.hashLength() + " bytes, got " + secret.length);
        }
    }
}
