package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.HpkeCiphertext;
import dev.mlscustody.mls.crypto.SoftwareHpkeKey;
import dev.mlscustody.mls.crypto.SoftwareSignatureKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * crypto-basics.json (RFC 9420 §5.1-5.2, §8, §9): RefHash, ExpandWithLabel, DeriveSecret,
 * DeriveTreeSecret, SignWithLabel and EncryptWithLabel. Randomised outputs (ECDSA signatures,
 * HPKE encryptions) are checked by verifying/decrypting the given value and by an own round trip.
 */
public final class CryptoBasicsCheck implements VectorCheck {
    @Override
    public Optional<String> check(VectorCase c) throws Exception {
        CipherSuite suite = CipherSuite.of((int) c.number("cipher_suite"));

        VectorCase refHash = c.object("ref_hash");
        Optional<String> r = VectorCheck.compare("ref_hash.out", refHash.bytes("out"),
                suite.refHash(refHash.text("label"), refHash.bytes("value")));
        if (r.isPresent()) {
            return r;
        }

        VectorCase ewl = c.object("expand_with_label");
        r = VectorCheck.compare("expand_with_label.out", ewl.bytes("out"), suite.expandWithLabel(
                ewl.bytes("secret"), ewl.text("label"), ewl.bytes("context"), (int) ewl.number("length")));
        if (r.isPresent()) {
            return r;
        }

        VectorCase ds = c.object("derive_secret");
        r = VectorCheck.compare("derive_secret.out", ds.bytes("out"),
                suite.deriveSecret(ds.bytes("secret"), ds.text("label")));
        if (r.isPresent()) {
            return r;
        }

        VectorCase dts = c.object("derive_tree_secret");
        r = VectorCheck.compare("derive_tree_secret.out", dts.bytes("out"), suite.deriveTreeSecret(
                dts.bytes("secret"), dts.text("label"), dts.number("generation"), (int) dts.number("length")));
        if (r.isPresent()) {
            return r;
        }

        r = checkSignWithLabel(suite, c.object("sign_with_label"));
        if (r.isPresent()) {
            return r;
        }
        return checkEncryptWithLabel(suite, c.object("encrypt_with_label"));
    }

    private static Optional<String> checkSignWithLabel(CipherSuite suite, VectorCase s) throws Exception {
        String label = s.text("label");
        byte[] content = s.bytes("content");
        byte[] pub = s.bytes("pub");
        if (!suite.verifyWithLabel(pub, label, content, s.bytes("signature"))) {
            return Optional.of("sign_with_label.signature: does not verify under pub");
        }
        SoftwareSignatureKey key;
        try {
            key = SoftwareSignatureKey.fromPrivateKey(suite.signatureScheme(), s.bytes("priv"));
        } catch (CryptoException e) {
            return Optional.of("sign_with_label.priv: rejected: " + e.getMessage());
        }
        Optional<String> r = VectorCheck.compare("sign_with_label.pub", pub, key.publicKey());
        if (r.isPresent()) {
            return r;
        }
        byte[] own = suite.signWithLabel(key, label, content);
        if (!suite.verifyWithLabel(pub, label, content, own)) {
            return Optional.of("sign_with_label: own signature does not verify");
        }
        if (suite.verifyWithLabel(pub, label + "x", content, own)) {
            return Optional.of("sign_with_label: own signature verifies under another label");
        }
        return Optional.empty();
    }

    private static Optional<String> checkEncryptWithLabel(CipherSuite suite, VectorCase e) throws Exception {
        String label = e.text("label");
        byte[] context = e.bytes("context");
        byte[] plaintext = e.bytes("plaintext");
        SoftwareHpkeKey key;
        try {
            key = SoftwareHpkeKey.fromPrivateKey(suite.kem(), e.bytes("priv"));
        } catch (CryptoException ex) {
            return Optional.of("encrypt_with_label.priv: rejected: " + ex.getMessage());
        }
        Optional<String> r = VectorCheck.compare("encrypt_with_label.pub", e.bytes("pub"), key.publicKey());
        if (r.isPresent()) {
            return r;
        }
        HpkeCiphertext given = new HpkeCiphertext(e.bytes("kem_output"), e.bytes("ciphertext"));
        byte[] decrypted;
        try {
            decrypted = suite.decryptWithLabel(key, label, context, given);
        } catch (CryptoException ex) {
            return Optional.of("encrypt_with_label.ciphertext: does not decrypt: " + ex.getMessage());
        }
        r = VectorCheck.compare("encrypt_with_label.plaintext", plaintext, decrypted);
        if (r.isPresent()) {
            return r;
        }
        HpkeCiphertext own = suite.encryptWithLabel(e.bytes("pub"), label, context, plaintext);
        if (!Arrays.equals(plaintext, suite.decryptWithLabel(key, label, context, own))) {
            return Optional.of("encrypt_with_label: own round trip does not return the plaintext");
        }
        return Optional.empty();
    }
}
