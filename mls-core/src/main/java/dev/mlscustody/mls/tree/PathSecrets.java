package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.HpkePrivateKey;

/**
 * The path-secret chain of RFC 9420 §7.4:
 * <pre>
 * path_secret[n] = DeriveSecret(path_secret[n-1], "path")
 * node_secret[n] = DeriveSecret(path_secret[n], "node")
 * node_priv[n], node_pub[n] = KEM.DeriveKeyPair(node_secret[n])
 * </pre>
 * and the commit secret of §8: the path secret one step above the last node of the path.
 */
public final class PathSecrets {
    private PathSecrets() {
    }

    /** The path secret of the next node up the filtered direct path (also the commit secret after the last). */
    public static byte[] next(CipherSuite suite, byte[] pathSecret) {
        return suite.deriveSecret(pathSecret, "path");
    }

    /** The node key pair of a path secret, as a software handle (parent-node keys live in group state). */
    public static HpkePrivateKey nodeKey(CipherSuite suite, byte[] pathSecret) throws CryptoException {
        return suite.deriveHpkeKeyPair(suite.deriveSecret(pathSecret, "node"));
    }
}
