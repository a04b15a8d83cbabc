package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.schedule.PskSecret;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** psk_secret.json (RFC 9420 §8.4): psk_secret from 0..10 external PSKs, in order. */
public final class PskSecretCheck implements VectorCheck {
    @Override
    public Optional<String> check(VectorCase c) throws Exception {
        CipherSuite suite = CipherSuite.of((int) c.number("cipher_suite"));
        List<PskSecret.Input> inputs = new ArrayList<>();
        for (VectorCase p : c.objects("psks")) {
            byte[] id = p.bytes("psk_id");
            byte[] nonce = p.bytes("psk_nonce");
            inputs.add(new PskSecret.Input(new PreSharedKeyId.External(id, nonce), p.bytes("psk")));
        }
        return VectorCheck.compare("psk_secret", c.bytes("psk_secret"), PskSecret.compute(suite, inputs));
    }
}
