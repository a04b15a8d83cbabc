package dev.mlscustody.mls.schedule;

import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.ContentType;

import java.util.Objects;

/**
 * Transcript hashes and the confirmation tag of RFC 9420 §8.2:
 * <pre>
 * struct { WireFormat wire_format; FramedContent content; opaque signature&lt;V&gt;; } ConfirmedTranscriptHashInput;
 * struct { MAC confirmation_tag; } InterimTranscriptHashInput;
 *
 * confirmed_transcript_hash_[epoch] = Hash(interim_transcript_hash_[epoch - 1] || ConfirmedTranscriptHashInput_[epoch])
 * interim_transcript_hash_[epoch]   = Hash(confirmed_transcript_hash_[epoch] || InterimTranscriptHashInput_[epoch])
 * </pre>
 * Both hashes start as the empty string. The value type pairs the two hashes of one epoch.
 */
public record TranscriptHash(byte[] confirmed, byte[] interim) {
    public TranscriptHash {
        confirmed = Objects.requireNonNull(confirmed, "confirmed").clone();
        interim = Objects.requireNonNull(interim, "interim").clone();
    }

    /** The hashes before the first Commit (epoch 0): both empty. */
    public static TranscriptHash initial() {
        return new TranscriptHash(new byte[0], new byte[0]);
    }

    @Override
    public byte[] confirmed() {
        return confirmed.clone();
    }

    @Override
    public byte[] interim() {
        return interim.clone();
    }

    /**
     * The hashes after a Commit.
     *
     * @param confirmedInput  the encoded ConfirmedTranscriptHashInput of the Commit
     * @param confirmationTag the Commit's confirmation_tag
     */
    public TranscriptHash next(CipherSuite suite, byte[] confirmedInput, byte[] confirmationTag) {
        byte[] c = confirmedHash(suite, interim, confirmedInput);
        return new TranscriptHash(c, interimHash(suite, c, confirmationTag));
    }

    /**
     * The hashes after the Commit carried in {@code commit} (content type commit, with its
     * confirmation_tag).
     */
    public TranscriptHash next(CipherSuite suite, AuthenticatedContent commit) {
        return next(suite, confirmedInput(commit), confirmationTagOf(commit));
    }

    /** The encoded ConfirmedTranscriptHashInput of a Commit's AuthenticatedContent. */
    public static byte[] confirmedInput(AuthenticatedContent commit) {
        requireCommit(commit);
        TlsWriter w = new TlsWriter();
        commit.wireFormat().encode(w);
        commit.content().encode(w);
        w.opaque(commit.auth().signature());
        return w.toByteArray();
    }

    private static byte[] confirmationTagOf(AuthenticatedContent commit) {
        requireCommit(commit);
        return commit.auth().confirmationTag().orElseThrow();
    }

    private static void requireCommit(AuthenticatedContent content) {
        if (content.content().contentType() != ContentType.COMMIT) {
            throw new IllegalArgumentException("transcript hashes cover commits only, not " + content.content().contentType());
        }
    }

    /** {@code Hash(interim_transcript_hash_[epoch-1] || ConfirmedTranscriptHashInput_[epoch])}. */
    public static byte[] confirmedHash(CipherSuite suite, byte[] interimBefore, byte[] confirmedInput) {
        return suite.hash(concat(interimBefore, confirmedInput));
    }

    /** {@code Hash(confirmed_transcript_hash_[epoch] || InterimTranscriptHashInput_[epoch])}. */
    public static byte[] interimHash(CipherSuite suite, byte[] confirmed, byte[] confirmationTag) {
        return suite.hash(concat(confirmed, interimInput(confirmationTag)));
    }

    /** The encoded InterimTranscriptHashInput: {@code MAC confirmation_tag} ({@code opaque MAC<V>}). */
    public static byte[] interimInput(byte[] confirmationTag) {
        return new TlsWriter().opaque(confirmationTag).toByteArray();
    }

    /**
     * The encoded ConfirmedTranscriptHashInput from its parts.
     *
     * @param wireFormat     the WireFormat code point
     * @param framedContent  the encoded FramedContent (content_type commit)
     * @param signature      the signature of its FramedContentAuthData
     */
    public static byte[] confirmedInput(int wireFormat, byte[] framedContent, byte[] signature) {
        return new TlsWriter().u16(wireFormat).raw(framedContent).opaque(signature).toByteArray();
    }

    /** {@code confirmation_tag = MAC(confirmation_key, confirmed_transcript_hash)} (§6.1, §8.2). */
    public static byte[] confirmationTag(CipherSuite suite, byte[] confirmationKey, byte[] confirmedTranscriptHash) {
        return suite.mac(confirmationKey, confirmedTranscriptHash);
    }

    /** Constant-time check of a received confirmation_tag. */
    public static boolean verifyConfirmationTag(CipherSuite suite, byte[] confirmationKey,
                                                byte[] confirmedTranscriptHash, byte[] tag) {
        return suite.verifyMac(confirmationKey, confirmedTranscriptHash, tag);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TranscriptHash t && java.util.Arrays.equals(confirmed, t.confirmed)
                && java.util.Arrays.equals(interim, t.interim);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(confirmed) + java.util.Arrays.hashCode(interim);
    }

    @Override
    public String toString() {
        return "TranscriptHash[confirmed=" + java.util.HexFormat.of().formatHex(confirmed)
                + ", interim=" + java.util.HexFormat.of().formatHex(interim) + "]";
    }
}
