package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.HpkeCiphertext;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.SignatureKey;

/**
 * The labelled primitives of RFC 9420 §5 as the group package uses them: one place that calls
 * the cipher suite, and that turns low-level failures into "does not verify" answers.
 */
final class Crypto {
    private Crypto() {
    }

    /** VerifyWithLabel (§5.1.2); any malformed key or signature is a failed verification. */
    static boolean verify(CipherSuite suite, byte[] publicKey, String label, byte[] content, byte[] signature) {
        try {
            return suite.verifyWithLabel(publicKey, label, content, signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** SignWithLabel (§5.1.2) with a custody handle. */
    static byte[] sign(CipherSuite suite, SignatureKey key, String label, byte[] content) throws KeyCustodyException {
        return suite.signWithLabel(key, label, content);
    }

    /** §5.2: KeyPackageRef = RefHash("MLS 1.0 KeyPackage Reference", KeyPackage). */
    static byte[] keyPackageRef(CipherSuite suite, byte[] keyPackage) {
        return suite.refHash("MLS 1.0 KeyPackage Reference", keyPackage);
    }

    /** §5.2: ProposalRef = RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent). */
    static byte[] proposalRef(CipherSuite suite, byte[] authenticatedContent) {
        return suite.refHash("MLS 1.0 Proposal Reference", authenticatedContent);
    }

    /** EncryptWithLabel (§5.1.3). */
    static HpkeCiphertext encrypt(CipherSuite suite, byte[] publicKey, String label, byte[] context,
                                  byte[] plaintext) throws CryptoException {
        return suite.encryptWithLabel(publicKey, label, context, plaintext);
    }

    /** DecryptWithLabel (§5.1.3) with a key handle (custody or software). */
    static byte[] decrypt(CipherSuite suite, HpkePrivateKey key, String label, byte[] context,
                          HpkeCiphertext ciphertext) throws CryptoException {
        return suite.decryptWithLabel(key, label, context, ciphertext);
    }
}
