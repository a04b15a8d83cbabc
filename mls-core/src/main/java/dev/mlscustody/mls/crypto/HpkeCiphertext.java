package dev.mlscustody.mls.crypto;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;

/**
 * RFC 9420 §5.1.3 / §7.6: {@code struct { opaque kem_output<V>; opaque ciphertext<V>; } HPKECiphertext;}
 * Arrays are treated as immutable once built.
 */
public record HpkeCiphertext(byte[] kemOutput, byte[] ciphertext) implements TlsEncodable {
    @Override
    public void encode(TlsWriter w) {
        w.opaque(kemOutput).opaque(ciphertext);
    }

    public static HpkeCiphertext decode(TlsReader r) throws DecodeException {
        return new HpkeCiphertext(r.opaque(), r.opaque());
    }
}
