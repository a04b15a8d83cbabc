package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.codec.UintRange;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * RFC 9420 §12.4.3.1:
 * <pre>
 * struct {
 *   CipherSuite cipher_suite;
 *   EncryptedGroupSecrets secrets&lt;V&gt;;
 *   opaque encrypted_group_info&lt;V&gt;;
 * } Welcome;
 * </pre>
 */
public record Welcome(int cipherSuite, List<EncryptedGroupSecrets> secrets, byte[] encryptedGroupInfo)
        implements TlsEncodable {

    public Welcome {
        UintRange.u16(cipherSuite, "cipher_suite");
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(encryptedGroupInfo, "encryptedGroupInfo");
    }

    @Override
    public void encode(TlsWriter w) {
        w.u16(cipherSuite);
        w.vector(secrets);
        w.opaque(encryptedGroupInfo);
    }

    public static Welcome decode(TlsReader r) throws DecodeException {
        return new Welcome(r.u16(), r.vector(EncryptedGroupSecrets::decode), r.opaque());
    }

    /** The entry for the KeyPackage with reference {@code keyPackageRef}, if any. */
    public Optional<EncryptedGroupSecrets> secretsFor(byte[] keyPackageRef) {
        return secrets.stream().filter(s -> Arrays.equals(s.newMember(), keyPackageRef)).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Welcome x && Arrays.equals(toBytes(), x.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "Welcome[cipherSuite=" + cipherSuite + ", " + secrets.size() + " recipients]";
    }
}
