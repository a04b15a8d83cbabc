package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.HpkeCiphertext;
import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 9420 §12.4.3.1:
 * <pre>
 * struct {
 *   KeyPackageRef new_member;
 *   HPKECiphertext encrypted_group_secrets;
 * } EncryptedGroupSecrets;
 * </pre>
 * {@code KeyPackageRef} is {@code opaque HashReference<V>} (§5.2).
 */
public record EncryptedGroupSecrets(byte[] newMember, HpkeCiphertext encryptedGroupSecrets) implements TlsEncodable {
    public EncryptedGroupSecrets {
        Objects.requireNonNull(newMember, "newMember");
        Objects.requireNonNull(encryptedGroupSecrets, "encryptedGroupSecrets");
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(newMember);
        encryptedGroupSecrets.encode(w);
    }

    public static EncryptedGroupSecrets decode(TlsReader r) throws DecodeException {
        return new EncryptedGroupSecrets(r.opaque(), HpkeCiphertext.decode(r));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedGroupSecrets e && Arrays.equals(toBytes(), e.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "EncryptedGroupSecrets[newMember=" + java.util.HexFormat.of().formatHex(newMember) + "]";
    }
}
