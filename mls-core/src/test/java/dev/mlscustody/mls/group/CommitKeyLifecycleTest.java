package dev.mlscustody.mls.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import dev.mlscustody.mls.crypto.SoftwareKeyCustody;
import dev.mlscustody.mls.message.BasicCredential;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A commit that fails after its fresh leaf key was generated (here: the signature key stops
 * working, as a token that went away would) leaves neither that key in custody nor any change in
 * the group state.
 */
class CommitKeyLifecycleTest {

    /** Records the HPKE keys it generates. */
    private static final class RecordingCustody implements KeyCustody {
        final KeyCustody inner = SoftwareKeyCustody.inMemory();
        final List<KeyId> generatedHpke = new ArrayList<>();

        @Override
        public SignatureKey generateSignatureKey(SignatureScheme scheme) throws KeyCustodyException {
            return inner.generateSignatureKey(scheme);
        }

        @Override
        public HpkePrivateKey generateHpkeKey(KemId kem) throws KeyCustodyException {
            HpkePrivateKey k = inner.generateHpkeKey(kem);
            generatedHpke.add(k.id());
            return k;
        }

        @Override
        public SignatureKey findSignatureKey(KeyId id) throws KeyCustodyException {
            return inner.findSignatureKey(id);
        }

        @Override
        public HpkePrivateKey findHpkeKey(KeyId id) throws KeyCustodyException {
            return inner.findHpkeKey(id);
        }

        @Override
        public void destroy(KeyId id) throws KeyCustodyException {
            inner.destroy(id);
        }
    }

    /** A signature key that fails once {@code broken} is set. */
    private static final class BreakableSigner implements SignatureKey {
        final SignatureKey inner;
        boolean broken;

        BreakableSigner(SignatureKey inner) {
            this.inner = inner;
        }

        @Override
        public KeyId id() {
            return inner.id();
        }

        @Override
        public byte[] publicKey() {
            return inner.publicKey();
        }

        @Override
        public SignatureScheme scheme() {
            return inner.scheme();
        }

        @Override
        public byte[] sign(byte[] message) throws KeyCustodyException {
            if (broken) {
                throw new KeyCustodyException(KeyCustodyException.Reason.TOKEN_UNAVAILABLE, "sign", inner.id(), null);
            }
            return inner.sign(message);
        }
    }

    @Test
    void failedCommitDestroysItsFreshLeafKeyAndChangesNothing() throws Exception {
        CipherSuite suite = CipherSuite.of(1);
        RecordingCustody custody = new RecordingCustody();
        BreakableSigner signer = new BreakableSigner(custody.generateSignatureKey(suite.signatureScheme()));
        GroupEnvironment env = new GroupEnvironment(GroupConfig.defaults(), custody, PskStore.none(),
                CredentialValidator.acceptBasic());
        Group group = Group.create(env, suite, "g".getBytes(StandardCharsets.UTF_8),
                new BasicCredential("alice".getBytes(StandardCharsets.UTF_8)), signer, List.of());
        byte[] before = GroupStateCodec.encode(group);
        int generatedBefore = custody.generatedHpke.size();

        signer.broken = true;
        KeyCustodyException e = assertThrows(KeyCustodyException.class,
                () -> group.commit(CommitOptions.defaults().withForcePath(true)));
        assertEquals(KeyCustodyException.Reason.TOKEN_UNAVAILABLE, e.reason());

        assertEquals(generatedBefore + 1, custody.generatedHpke.size(), "the commit generated a fresh leaf key");
        KeyId fresh = custody.generatedHpke.get(custody.generatedHpke.size() - 1);
        KeyCustodyException gone = assertThrows(KeyCustodyException.class, () -> custody.findHpkeKey(fresh));
        assertEquals(KeyCustodyException.Reason.KEY_NOT_FOUND, gone.reason());
        assertArrayEquals(before, GroupStateCodec.encode(group), "a failed commit changes nothing");

        // and the group still commits once the signer works again
        signer.broken = false;
        group.commit(CommitOptions.defaults().withForcePath(true));
        group.mergePendingCommit();
        assertEquals(1, group.epoch());
    }
}
