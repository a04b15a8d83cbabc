package dev.mlscustody.mls.schedule;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.SoftwareHpkeKey;

import java.util.Objects;

/**
 * The secrets of one epoch (RFC 9420 §8, table "Epoch-Derived Secrets"), plus the joiner and
 * welcome secrets that led to it and the init_secret for the next epoch. The epoch_secret itself
 * is not kept: it is consumed by deriving these values (§9.2).
 *
 * <p>Immutable: every accessor returns a copy. {@link #toString()} never shows secret bytes.
 */
public final class EpochSecrets {
    private final CipherSuite suite;
    private final byte[] joinerSecret;
    private final byte[] welcomeSecret;
    private final byte[] senderDataSecret;
    private final byte[] encryptionSecret;
    private final byte[] exporterSecret;
    private final byte[] externalSecret;
    private final byte[] confirmationKey;
    private final byte[] membershipKey;
    private final byte[] resumptionPsk;
    private final byte[] epochAuthenticator;
    private final byte[] initSecret;

    /**
     * Derives every epoch secret from {@code epoch_secret} (§8: DeriveSecret(epoch_secret, label)).
     */
    static EpochSecrets fromEpochSecret(CipherSuite suite, byte[] joinerSecret, byte[] welcomeSecret, byte[] epochSecret) {
        return new EpochSecrets(suite, joinerSecret, welcomeSecret,
                suite.deriveSecret(epochSecret, "sender data"),
                suite.deriveSecret(epochSecret, "encryption"),
                suite.deriveSecret(epochSecret, "exporter"),
                suite.deriveSecret(epochSecret, "external"),
                suite.deriveSecret(epochSecret, "confirm"),
                suite.deriveSecret(epochSecret, "membership"),
                suite.deriveSecret(epochSecret, "resumption"),
                suite.deriveSecret(epochSecret, "authentication"),
                suite.deriveSecret(epochSecret, "init"));
    }

    private EpochSecrets(CipherSuite suite, byte[] joinerSecret, byte[] welcomeSecret, byte[] senderDataSecret,
                         byte[] encryptionSecret, byte[] exporterSecret, byte[] externalSecret, byte[] confirmationKey,
                         byte[] membershipKey, byte[] resumptionPsk, byte[] epochAuthenticator, byte[] initSecret) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.joinerSecret = joinerSecret.clone();
        this.welcomeSecret = welcomeSecret.clone();
        this.senderDataSecret = senderDataSecret;
        this.encryptionSecret = encryptionSecret;
        this.exporterSecret = exporterSecret;
        this.externalSecret = externalSecret;
        this.confirmationKey = confirmationKey;
        this.membershipKey = membershipKey;
        this.resumptionPsk = resumptionPsk;
        this.epochAuthenticator = epochAuthenticator;
        this.initSecret = initSecret;
    }

    public CipherSuite suite() {
        return suite;
    }

    public byte[] joinerSecret() {
        return joinerSecret.clone();
    }

    public byte[] welcomeSecret() {
        return welcomeSecret.clone();
    }

    public byte[] senderDataSecret() {
        return senderDataSecret.clone();
    }

    public byte[] encryptionSecret() {
        return encryptionSecret.clone();
    }

    public byte[] exporterSecret() {
        return exporterSecret.clone();
    }

    public byte[] externalSecret() {
        return externalSecret.clone();
    }

    public byte[] confirmationKey() {
        return confirmationKey.clone();
    }

    public byte[] membershipKey() {
        return membershipKey.clone();
    }

    public byte[] resumptionPsk() {
        return resumptionPsk.clone();
    }

    public byte[] epochAuthenticator() {
        return epochAuthenticator.clone();
    }

    /** init_secret_[n], the salt for the next epoch's key schedule. */
    public byte[] initSecret() {
        return initSecret.clone();
    }

    /**
     * RFC 9420 §8.5: {@code MLS-Exporter(Label, Context, Length) =
     * ExpandWithLabel(DeriveSecret(exporter_secret, Label), "exported", Hash(Context), Length)}.
     * The label is used as given (its UTF-8 bytes, prefixed with "MLS 1.0 " by ExpandWithLabel).
     */
    public byte[] exporter(String label, byte[] context, int length) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(context, "context");
        if (length < 0 || length > 0xffff) {
            throw new IllegalArgumentException("exporter length out of range: " + length);
        }
        byte[] derived = suite.deriveSecret(exporterSecret, label);
        try {
            return suite.expandWithLabel(derived, "exported", suite.hash(context), length);
        } finally {
            Secrets.erase(derived);
        }
    }

    /**
     * RFC 9420 §8.2 / §6.1: {@code confirmation_tag = MAC(confirmation_key, confirmed_transcript_hash)}.
     */
    public byte[] confirmationTag(byte[] confirmedTranscriptHash) {
        return TranscriptHash.confirmationTag(suite, confirmationKey, confirmedTranscriptHash);
    }

    /**
     * §8: {@code external_priv, external_pub = KEM.DeriveKeyPair(external_secret)}. The key pair
     * lives in software, inside group state, like the other epoch secrets.
     */
    public SoftwareHpkeKey externalKeyPair() throws CryptoException {
        return suite.deriveHpkeKeyPair(externalSecret);
    }

    /** external_pub, published in the GroupInfo's external_pub extension (§12.4.3.2). */
    public byte[] externalPublicKey() throws CryptoException {
        return externalKeyPair().publicKey();
    }

    /** A fresh secret tree over {@code leafCount} leaves rooted at this epoch's encryption_secret (§9). */
    public SecretTree newSecretTree(int leafCount) {
        return new SecretTree(suite, encryptionSecret, leafCount);
    }

    /**
     * §9.2 deletion schedule for a live epoch: the same secrets without joiner_secret,
     * welcome_secret and encryption_secret, which are consumed once the Welcome is built and the
     * secret tree is initialised.
     */
    public EpochSecrets withoutConsumed() {
        byte[] none = new byte[0];
        return new EpochSecrets(suite, none, none, senderDataSecret, none, exporterSecret, externalSecret,
                confirmationKey, membershipKey, resumptionPsk, epochAuthenticator, initSecret);
    }

    /**
     * §9.2 / §15.4 for an epoch kept only to decrypt late application messages: sender_data_secret
     * alone (the secret tree holds the rest); every other secret is dropped.
     */
    public EpochSecrets forPastEpoch() {
        byte[] none = new byte[0];
        return new EpochSecrets(suite, none, none, senderDataSecret, none, none, none, none, none, none, none, none);
    }

    /** Writes every secret of this epoch, for a group state snapshot. Secret material. */
    public void encode(dev.mlscustody.mls.codec.TlsWriter w) {
        for (byte[] b : new byte[][] {joinerSecret, welcomeSecret, senderDataSecret, encryptionSecret, exporterSecret,
                externalSecret, confirmationKey, membershipKey, resumptionPsk, epochAuthenticator, initSecret}) {
            w.opaque(b);
        }
    }

    /** Reads secrets written by {@link #encode}. */
    public static EpochSecrets decode(CipherSuite suite, dev.mlscustody.mls.codec.TlsReader r)
            throws dev.mlscustody.mls.codec.DecodeException {
        return new EpochSecrets(suite, r.opaque(), r.opaque(), r.opaque(), r.opaque(), r.opaque(), r.opaque(),
                r.opaque(), r.opaque(), r.opaque(), r.opaque(), r.opaque());
    }

    @Override
    public String toString() {
        return "EpochSecrets[suite=" + suite + ", secrets redacted]";
    }
}
