package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.schedule.TranscriptHash;

import java.util.Arrays;
import java.util.Optional;

/**
 * transcript-hashes.json (RFC 9420 §8.2): confirmed and interim transcript hash after a Commit,
 * and its confirmation_tag = MAC(confirmation_key, confirmed_transcript_hash_after).
 */
public final class TranscriptHashesCheck implements VectorCheck {
    @Override
    public Optional<String> check(VectorCase c) throws Exception {
        CipherSuite suite = CipherSuite.of((int) c.number("cipher_suite"));
        byte[] ac = c.bytes("authenticated_content");
        // AuthenticatedContent = wire_format || FramedContent || signature<V> || confirmation_tag<V>
        int tagLen = suite.hashLength();
        int tail = (tagLen < 0x40 ? 1 : 2) + tagLen;
        byte[] confirmedInput = Arrays.copyOf(ac, ac.length - tail);
        byte[] tag = Arrays.copyOfRange(ac, ac.length - tagLen, ac.length);
        TranscriptHash before = new TranscriptHash(new byte[0], c.bytes("interim_transcript_hash_before"));
        TranscriptHash after = before.next(suite, confirmedInput, tag);
        Optional<String> r = VectorCheck.compare("confirmed_transcript_hash_after",
                c.bytes("confirmed_transcript_hash_after"), after.confirmed());
        if (r.isEmpty()) {
            r = VectorCheck.compare("interim_transcript_hash_after", c.bytes("interim_transcript_hash_after"), after.interim());
        }
        if (r.isEmpty()) {
            r = VectorCheck.compare("authenticated_content.auth.confirmation_tag", tag,
                    TranscriptHash.confirmationTag(suite, c.bytes("confirmation_key"), after.confirmed()));
        }
        return r;
    }
}
