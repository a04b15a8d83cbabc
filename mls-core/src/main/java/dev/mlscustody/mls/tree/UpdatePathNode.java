package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.HpkeCiphertext;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * RFC 9420 §7.6:
 * <pre>
 * struct {
 *     HPKEPublicKey encryption_key;
 *     HPKECiphertext encrypted_path_secret&lt;V&gt;;
 * } UpdatePathNode;
 * </pre>
 */
public record UpdatePathNode(byte[] encryptionKey, List<HpkeCiphertext> encryptedPathSecret)
        implements TlsEncodable {

    public UpdatePathNode {
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        encryptedPathSecret = List.copyOf(encryptedPathSecret);
    }

    @Override
    public void encode(TlsWriter w) {
        w.opaque(encryptionKey);
        w.vector(encryptedPathSecret);
    }

    public static UpdatePathNode decode(TlsReader r) throws DecodeException {
        return new UpdatePathNode(r.opaque(), r.vector(HpkeCiphertext::decode));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpdatePathNode n && Arrays.equals(toBytes(), n.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "UpdatePathNode[" + encryptedPathSecret.size() + " encrypted path secrets]";
    }
}
