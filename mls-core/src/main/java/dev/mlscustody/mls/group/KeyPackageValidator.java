package dev.mlscustody.mls.group;

import static dev.mlscustody.mls.ValidationException.Reason.INVALID_KEY_PACKAGE;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.tree.LeafNodeSource;
import dev.mlscustody.mls.tree.LeafNodeValidator;
import java.util.Arrays;

/**
 * KeyPackage validation, RFC 9420 §10.1, in the parts that do not depend on a group's members:
 * version and cipher suite, the KeyPackage signature (label "KeyPackageTBS"), init_key differs
 * from leaf_node.encryption_key, leaf_node_source = key_package, the leaf signature, the leaf's
 * capabilities list its credential type, and (by policy) the lifetime. The
 * member-dependent leaf checks (§7.3 uniqueness, credential support, required capabilities) are
 * done by the group when the Add is applied.
 */
public final class KeyPackageValidator {
    private KeyPackageValidator() {
    }

    public static VerifiedKeyPackage validate(KeyPackage kp, CipherSuite suite, CredentialValidator credentials,
                                              GroupConfig config) throws ValidationException {
        if (config.lifetimePolicy() != GroupConfig.LifetimePolicy.IGNORE) {
            // §7.2: reject a LeafNode whose total lifetime is longer than the application's maximum
            var lifetime = kp.leafNode().lifetime();
            if (lifetime.isPresent() && Long.compareUnsigned(lifetime.get().notAfter() - lifetime.get().notBefore(),
                    config.maxLifetime().toSeconds()) > 0) {
                throw invalid("lifetime is longer than the maximum of " + config.maxLifetime().toDays() + " days");
            }
        }
        return validate(kp, suite, credentials, config.lifetimePolicy() != GroupConfig.LifetimePolicy.IGNORE,
                config.nowSeconds());
    }

    static VerifiedKeyPackage validate(KeyPackage kp, CipherSuite suite, CredentialValidator credentials,
                                       boolean checkLifetime, long nowSeconds) throws ValidationException {
        if (kp.version() != ProtocolVersion.MLS10) {
            throw invalid("unsupported protocol version");
        }
        if (kp.cipherSuite() != suite.id()) {
            throw invalid("cipher suite " + kp.cipherSuite() + " differs from the group's " + suite.id());
        }
        if (kp.leafNode().source() != LeafNodeSource.KEY_PACKAGE) {
            throw invalid("leaf_node_source is not key_package");
        }
        if (Arrays.equals(kp.initKey(), kp.leafNode().encryptionKey())) {
            throw invalid("init_key equals leaf_node.encryption_key");
        }
        // §7.2 asks clients to list every suite and version they support, but §10.1 does not make a
        // KeyPackage invalid when its own suite is missing, and deployed clients (MLSpp in the
        // interop vectors) omit it: not enforced.
        if (!kp.leafNode().capabilities().supportsCredential(kp.leafNode().credential().type())) {
            throw invalid("capabilities do not list the credential type");
        }
        if (checkLifetime && !kp.leafNode().lifetime().orElseThrow().contains(nowSeconds)) {
            throw invalid("lifetime does not contain the current time");
        }
        credentials.validate(kp.leafNode().credential(), kp.leafNode().signatureKey());
        if (!Crypto.verify(suite, kp.leafNode().signatureKey(), "KeyPackageTBS", kp.encodeTbs(), kp.signature())) {
            throw new ValidationException(ValidationException.Reason.BAD_SIGNATURE, "KeyPackage signature does not verify");
        }
        LeafNodeValidator.verifySignature(suite, kp.leafNode(), null, 0);
        return new VerifiedKeyPackage(kp, Crypto.keyPackageRef(suite, kp.toBytes()));
    }

    private static ValidationException invalid(String why) {
        return new ValidationException(INVALID_KEY_PACKAGE, why);
    }
}
