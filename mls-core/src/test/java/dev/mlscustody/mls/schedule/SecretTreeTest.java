package dev.mlscustody.mls.schedule;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.crypto.CipherSuite;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SecretTreeTest {
    private final CipherSuite suite = HashRatchetTest.suite(2);
    private final byte[] encryptionSecret = suite.hash("encryption".getBytes(StandardCharsets.US_ASCII));

    private byte[] child(byte[] parent, String side) {
        return suite.expandWithLabel(parent, "tree", side.getBytes(StandardCharsets.US_ASCII), suite.hashLength());
    }

    private RatchetKey firstKey(byte[] leafSecret, String ratchet) {
        byte[] root = suite.expandWithLabel(leafSecret, ratchet, new byte[0], suite.hashLength());
        return new RatchetKey(0, suite.deriveTreeSecret(root, "key", 0, suite.aead().nk()),
                suite.deriveTreeSecret(root, "nonce", 0, suite.aead().nn()));
    }

    @Test
    void leafSecretsFollowTheTreeShape() throws ValidationException {
        // 4 leaves: root node 3 = encryption_secret; leaf 3 is node 6 = right(right(root))
        byte[] leaf3 = child(child(encryptionSecret, "right"), "right");
        byte[] leaf0 = child(child(encryptionSecret, "left"), "left");
        byte[] leaf1 = child(child(encryptionSecret, "left"), "right");
        SecretTree tree = new SecretTree(suite, encryptionSecret, 4);
        assertEquals(firstKey(leaf3, "application"), tree.applicationRatchet(3).nextForSending());
        assertEquals(firstKey(leaf0, "handshake"), tree.handshakeRatchet(0).nextForSending());
        assertEquals(firstKey(leaf1, "handshake"), tree.handshakeRatchet(1).keyFor(0));
    }

    @Test
    void nonPowerOfTwoLeafCountUsesTheCompleteTree() throws ValidationException {
        // 3 leaves live in the 4-leaf tree: leaf 2 is node 4 = left(right(root))
        byte[] leaf2 = child(child(encryptionSecret, "right"), "left");
        SecretTree tree = new SecretTree(suite, encryptionSecret, 3);
        assertEquals(firstKey(leaf2, "handshake"), tree.handshakeRatchet(2).keyFor(0));
        assertEquals(Reason.UNKNOWN_SENDER, assertThrows(ValidationException.class, () -> tree.handshakeRatchet(3)).reason());
    }

    @Test
    void singleLeafTreeUsesTheEncryptionSecretAsLeafSecret() throws ValidationException {
        SecretTree tree = new SecretTree(suite, encryptionSecret, 1);
        assertEquals(firstKey(encryptionSecret, "application"), tree.applicationRatchet(0).keyFor(0));
    }

    @Test
    void derivationOrderDoesNotMatter() throws ValidationException {
        SecretTree a = new SecretTree(suite, encryptionSecret, 8);
        SecretTree b = new SecretTree(suite, encryptionSecret, 8);
        RatchetKey a7 = a.applicationRatchet(7).keyFor(3);
        RatchetKey a0 = a.handshakeRatchet(0).keyFor(1);
        assertEquals(a0, b.handshakeRatchet(0).keyFor(1));
        assertEquals(a7, b.applicationRatchet(7).keyFor(3));
    }

    @Test
    void leafOutsideTheTreeIsAnUnknownSender() {
        SecretTree tree = new SecretTree(suite, encryptionSecret, 2);
        assertEquals(Reason.UNKNOWN_SENDER, assertThrows(ValidationException.class, () -> tree.handshakeRatchet(2)).reason());
        assertEquals(Reason.UNKNOWN_SENDER, assertThrows(ValidationException.class, () -> tree.applicationRatchet(-1)).reason());
    }

    @Test
    void senderDataKeyUsesAtMostNhBytesOfCiphertext() {
        byte[] secret = suite.hash(new byte[] {1});
        byte[] longCt = new byte[100];
        longCt[suite.hashLength()] = 1; // differs only beyond the sample
        assertEquals(SenderDataKey.derive(suite, secret, new byte[100]), SenderDataKey.derive(suite, secret, longCt));
        byte[] shortCt = {9, 9, 9};
        SenderDataKey k = SenderDataKey.derive(suite, secret, shortCt);
        assertEquals(new SenderDataKey(suite.expandWithLabel(secret, "key", shortCt, suite.aead().nk()),
                suite.expandWithLabel(secret, "nonce", shortCt, suite.aead().nn())), k);
    }
}
