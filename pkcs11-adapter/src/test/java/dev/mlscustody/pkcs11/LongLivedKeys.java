package dev.mlscustody.pkcs11;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys load tests keep using while others come and go: one signature key per scheme and one HPKE
 * key per KEM the token supports, each DH paired with the result a software peer computes.
 */
record LongLivedKeys(List<SignatureScheme> schemes, List<KemId> kems, List<SignatureKey> signatureKeys, List<HpkeCase> hpke) {

    record HpkeCase(HpkePrivateKey key, byte[] peerPublic, byte[] expected) {
    }

    static LongLivedKeys generate(Pkcs11KeyCustody c) throws KeyCustodyException {
        List<SignatureScheme> schemes = new ArrayList<>(c.supportedSignatureSchemes());
        List<KemId> kems = new ArrayList<>(c.supportedKems());
        List<SignatureKey> sigKeys = new ArrayList<>();
        for (SignatureScheme s : schemes) {
            sigKeys.add(c.generateSignatureKey(s));
        }
        List<HpkeCase> hpke = new ArrayList<>();
        for (KemId k : kems) {
            HpkePrivateKey key = c.generateHpkeKey(k);
            SoftwareCrypto.Peer peer = SoftwareCrypto.peer(k);
            hpke.add(new HpkeCase(key, peer.publicKey(), peer.dh(key.publicKey())));
        }
        return new LongLivedKeys(List.copyOf(schemes), List.copyOf(kems), List.copyOf(sigKeys), List.copyOf(hpke));
    }

    /** Signs a random message with a random key; null if Bouncy Castle verifies it, else what was wrong. */
    String signChecked(ThreadLocalRandom rnd) throws KeyCustodyException {
        SignatureKey k = signatureKeys.get(rnd.nextInt(signatureKeys.size()));
        byte[] m = SoftwareCrypto.randomMessage(512);
        m = m.length == 0 ? new byte[] {1} : m;
        return SoftwareCrypto.verify(k.scheme(), k.publicKey(), m, k.sign(m)) ? null : "bad signature " + k;
    }

    /** A DH with a random key; null if it equals the software peer's, else what was wrong. */
    String dhChecked(ThreadLocalRandom rnd) throws KeyCustodyException {
        HpkeCase h = hpke.get(rnd.nextInt(hpke.size()));
        return Arrays.equals(h.expected(), h.key().dh(h.peerPublic())) ? null : "bad DH " + h.key();
    }

    Set<String> ids() {
        Set<String> out = new TreeSet<>();
        signatureKeys.forEach(k -> out.add(k.id().value()));
        hpke.forEach(h -> out.add(h.key().id().value()));
        return out;
    }
}
