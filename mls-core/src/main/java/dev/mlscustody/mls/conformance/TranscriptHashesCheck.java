package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.ContentType;
import dev.mlscustody.mls.schedule.TranscriptHash;

import java.util.Optional;

/**
 * transcript-hashes.json (RFC 9420 §8.2): decodes the AuthenticatedContent (a Commit), checks
 * that its confirmation_tag is MAC(confirmation_key, confirmed_transcript_hash_after), and
 * recomputes the confirmed and interim transcript hashes from interim_transcript_hash_before.
 */
public final class TranscriptHashesCheck implements VectorCheck {
    @Override
    public Optional<String> check(VectorCase c) throws Exception {
        CipherSuite suite = CipherSuite.of((int) c.number("cipher_suite"));
        AuthenticatedContent ac = TlsReader.decodeAll(c.bytes("authenticated_content"), AuthenticatedContent::decode);
        if (ac.content().contentType() != ContentType.COMMIT) {
            return Optional.of("authenticated_content: expected commit content, got " + ac.content().contentType());
        }
        TranscriptHash before = new TranscriptHash(new byte[0], c.bytes("interim_transcript_hash_before"));
        TranscriptHash after = before.next(suite, ac);
        Optional<String> r = VectorCheck.compare("confirmed_transcript_hash_after",
                c.bytes("confirmed_transcript_hash_after"), after.confirmed());
        if (r.isEmpty()) {
            r = VectorCheck.compare("interim_transcript_hash_after", c.bytes("interim_transcript_hash_after"), after.interim());
        }
        if (r.isEmpty()) {
            r = VectorCheck.compare("authenticated_content.auth.confirmation_tag", ac.auth().confirmationTag().orElseThrow(),
                    TranscriptHash.confirmationTag(suite, c.bytes("confirmation_key"), after.confirmed()));
        }
        return r;
    }
}
