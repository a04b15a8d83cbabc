package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.SoftwareHpkeKey;
import dev.mlscustody.mls.crypto.SoftwareKeyCustody;
import dev.mlscustody.mls.crypto.SoftwareSignatureKey;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.group.CredentialValidator;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.group.GroupConfig;
import dev.mlscustody.mls.group.GroupEnvironment;
import dev.mlscustody.mls.group.InMemoryPskStore;
import dev.mlscustody.mls.group.KeyPackageBundle;
import dev.mlscustody.mls.group.MergeResult;
import dev.mlscustody.mls.group.ProcessedMessage;
import dev.mlscustody.mls.group.StagedWelcome;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.Welcome;
import dev.mlscustody.mls.tree.RatchetTree;
import java.util.List;
import java.util.Optional;

/**
 * passive-client-welcome / -handling-commit / -random and the interop-passive files (RFC 9420
 * §12.4.3.1, §12.4.2): join from the Welcome with the given init, leaf and signature keys as
 * software handles (external PSKs, optional out-of-band ratchet tree), check the initial epoch
 * authenticator; then per epoch process the proposals and the commit, merge, and check the
 * epoch authenticator.
 */
public final class PassiveClientCheck implements VectorCheck {

    @Override
    public Optional<String> check(VectorCase c) throws Exception {
        CipherSuite suite = CipherSuite.of((int) c.number("cipher_suite"));
        KeyPackage kp = keyPackage(MlsMessage.decode(c.bytes("key_package")));
        KeyPackageBundle bundle = new KeyPackageBundle(kp,
                hpkeKey(suite, c.bytes("init_priv")),
                hpkeKey(suite, c.bytes("encryption_priv")),
                signatureKey(suite, c.bytes("signature_priv")), false);
        InMemoryPskStore psks = new InMemoryPskStore();
        if (c.has("external_psks")) {
            for (VectorCase p : c.objects("external_psks")) {
                psks.put(p.bytes("psk_id"), p.bytes("psk"));
            }
        }
        GroupEnvironment env = new GroupEnvironment(
                GroupConfig.defaults().withLifetimePolicy(GroupConfig.LifetimePolicy.IGNORE).withMaxPastEpochs(1),
                SoftwareKeyCustody.inMemory(), psks, CredentialValidator.acceptAll());
        Welcome welcome = welcome(MlsMessage.decode(c.bytes("welcome")));
        Optional<RatchetTree> tree = c.has("ratchet_tree")
                ? Optional.of(RatchetTree.decode(suite, c.bytes("ratchet_tree"))) : Optional.empty();
        Group group;
        try {
            StagedWelcome staged = Group.stageWelcome(welcome, bundle, tree, env);
            group = staged.join(env);
        } catch (MlsException e) {
            return Optional.of("join: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Optional<String> diff = VectorCheck.compare("initial_epoch_authenticator",
                c.bytes("initial_epoch_authenticator"), group.epochAuthenticator());
        if (diff.isPresent()) {
            return diff;
        }
        List<VectorCase> epochs = c.has("epochs") ? c.objects("epochs") : List.of();
        for (int i = 0; i < epochs.size(); i++) {
            VectorCase e = epochs.get(i);
            try {
                List<byte[]> proposals = e.has("proposals") ? e.bytesList("proposals") : List.of();
                for (int j = 0; j < proposals.size(); j++) {
                    ProcessedMessage pm = group.process(proposals.get(j));
                    if (!(pm instanceof ProcessedMessage.ProposalReceived)) {
                        return Optional.of("epochs[" + i + "].proposals[" + j + "]: not a proposal: " + pm);
                    }
                }
                ProcessedMessage pm = group.process(e.bytes("commit"));
                if (!(pm instanceof ProcessedMessage.CommitStaged staged)) {
                    return Optional.of("epochs[" + i + "].commit: not a commit: " + pm);
                }
                MergeResult r = group.merge(staged.commit());
                if (!r.active()) {
                    return Optional.of("epochs[" + i + "].commit: removed us from the group");
                }
            } catch (MlsException ex) {
                return Optional.of("epochs[" + i + "]: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            }
            diff = VectorCheck.compare("epochs[" + i + "].epoch_authenticator", e.bytes("epoch_authenticator"),
                    group.epochAuthenticator());
            if (diff.isPresent()) {
                return diff;
            }
        }
        return Optional.empty();
    }

    /**
     * Some P-521 vectors carry scalars with the leading zero byte stripped (65 bytes); the
     * serialized form is fixed-length, so they are left-padded.
     */
    static SoftwareHpkeKey hpkeKey(CipherSuite suite, byte[] priv) throws Exception {
        return SoftwareHpkeKey.fromPrivateKey(suite.kem(), leftPad(priv, suite.kem().nSk()));
    }

    static SoftwareSignatureKey signatureKey(CipherSuite suite, byte[] priv) throws Exception {
        int len = suite.signatureScheme().isEdDsa() ? priv.length : (suite.signatureScheme().publicKeyLength() - 1) / 2;
        return SoftwareSignatureKey.fromPrivateKey(suite.signatureScheme(), leftPad(priv, len));
    }

    private static byte[] leftPad(byte[] b, int len) {
        if (b.length >= len) {
            return b;
        }
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, len - b.length, b.length);
        return out;
    }

    static KeyPackage keyPackage(MlsMessage m) throws VectorFormatException {
        if (m.body() instanceof MlsMessage.KeyPackageBody k) {
            return k.message();
        }
        throw new VectorFormatException("key_package is not an MLSMessage carrying a KeyPackage");
    }

    static Welcome welcome(MlsMessage m) throws VectorFormatException {
        if (m.body() instanceof MlsMessage.WelcomeBody w) {
            return w.message();
        }
        throw new VectorFormatException("welcome is not an MLSMessage carrying a Welcome");
    }
}
