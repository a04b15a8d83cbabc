package dev.mlscustody.mls.schedule;

import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.message.PreSharedKeyId;

import java.util.List;
import java.util.Objects;

/**
 * psk_secret of RFC 9420 §8.4:
 * <pre>
 * struct { PreSharedKeyID id; uint16 index; uint16 count; } PSKLabel;
 *
 * psk_extracted_[i] = KDF.Extract(0, psk_[i])
 * psk_input_[i]     = ExpandWithLabel(psk_extracted_[i], "derived psk", PSKLabel, KDF.Nh)
 * psk_secret_[0]    = 0
 * psk_secret_[i]    = KDF.Extract(psk_input_[i-1], psk_secret_[i-1])
 * </pre>
 * With no PSKs the result is the all-zero string of length Nh.
 */
public final class PskSecret {
    /** One injected PSK: its PreSharedKeyID (as encoded on the wire) and the PSK value. */
    public record Input(PreSharedKeyId pskId, byte[] psk) {
        public Input {
            Objects.requireNonNull(pskId, "pskId");
            Objects.requireNonNull(psk, "psk");
        }

        @Override
        public String toString() {
            return "PskSecret.Input[psk redacted]";
        }
    }

    private PskSecret() {
    }

    /** psk_secret for the PSKs in the order the Commit (or GroupSecrets) lists them. */
    public static byte[] compute(CipherSuite suite, List<Input> psks) {
        Objects.requireNonNull(psks, "psks");
        if (psks.size() > 0xffff) {
            throw new IllegalArgumentException("too many PSKs: " + psks.size());
        }
        int nh = suite.hashLength();
        byte[] zero = new byte[nh];
        byte[] secret = new byte[nh];
        for (int i = 0; i < psks.size(); i++) {
            Input in = psks.get(i);
            byte[] extracted = suite.extract(zero, in.psk());
            byte[] input = suite.expandWithLabel(extracted, "derived psk", pskLabel(in.pskId(), i, psks.size()), nh);
            byte[] next = suite.extract(input, secret);
            Secrets.erase(extracted);
            Secrets.erase(input);
            Secrets.erase(secret);
            secret = next;
        }
        return secret;
    }

    /** The encoded PSKLabel of §8.4. */
    static byte[] pskLabel(PreSharedKeyId pskId, int index, int count) {
        TlsWriter w = new TlsWriter();
        pskId.encode(w);
        w.u16(index).u16(count);
        return w.toByteArray();
    }
}
