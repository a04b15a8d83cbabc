package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SoftwareKeyCustody;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.BasicCredential;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.schedule.SecretTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups of n members for benchmarks: alice (leaf 0) adds everyone in one commit; bob (leaf 1)
 * joins from the Welcome. With {@code fullTree}, every even leaf then commits once (through a
 * stand-in member built from the shared epoch state and that member's own keys), so that every
 * parent node is set, as in the performance anchors' scenarios.
 */
final class BenchFixture {
    final CipherSuite suite;
    final KeyCustody custody = SoftwareKeyCustody.inMemory();
    final GroupEnvironment env;
    final List<Members.Client> clients = new ArrayList<>();
    final List<KeyPackageBundle> bundles = new ArrayList<>();
    Group alice;
    Group bob;
    MlsMessage lastWelcome;

    BenchFixture(int suiteId) throws Exception {
        suite = CipherSuite.of(suiteId);
        env = new GroupEnvironment(GroupConfig.defaults().withLifetimePolicy(GroupConfig.LifetimePolicy.IGNORE),
                custody, new InMemoryPskStore(), CredentialValidator.acceptAll());
    }

    Members.Client client(int i) throws Exception {
        SignatureKey signer = custody.generateSignatureKey(suite.signatureScheme());
        return new Members.Client("m" + i, suite, custody, signer,
                new BasicCredential(("member-" + i).getBytes(StandardCharsets.UTF_8)), env);
    }

    List<KeyPackageBundle> keyPackages(int from, int count) throws Exception {
        List<KeyPackageBundle> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            Members.Client c = client(i);
            clients.add(c);
            out.add(c.keyPackage());
        }
        return out;
    }

    static BenchFixture build(int suiteId, int n, boolean fullTree) throws Exception {
        BenchFixture f = new BenchFixture(suiteId);
        Members.Client a = f.client(0);
        f.clients.add(a);
        f.bundles.add(null);
        f.alice = Group.create(f.env, f.suite, "bench".getBytes(StandardCharsets.UTF_8), a.credential(), a.signer(), List.of());
        if (n == 1) {
            return f;
        }
        List<KeyPackageBundle> kps = f.keyPackages(1, n - 1);
        f.bundles.addAll(kps);
        List<Proposal> adds = new ArrayList<>();
        for (KeyPackageBundle kp : kps) {
            adds.add(new Add(kp.keyPackage()));
        }
        CommitOutput out = f.alice.commit(CommitOptions.defaults().withProposals(adds));
        f.alice.mergePendingCommit();
        f.lastWelcome = out.welcome().orElseThrow();
        f.bob = f.clients.get(1).join(f.lastWelcome, kps.get(0));
        if (fullTree) {
            for (int leaf = 2; leaf < n; leaf += 2) {
                Group puppet = f.standIn(leaf);
                CommitOutput o = puppet.commit(CommitOptions.defaults());
                f.deliver(o.commit());
            }
            CommitOutput o = f.alice.commit(CommitOptions.defaults());
            f.alice.mergePendingCommit();
            Members.apply(f.bob, o.commit());
        }
        return f;
    }

    /** Processes and merges {@code commit} at alice and bob. */
    void deliver(MlsMessage commit) throws Exception {
        Members.apply(alice, commit);
        Members.apply(bob, commit);
    }

    /** Member {@code leaf} acting in the current epoch: the shared epoch state with its own keys. */
    Group standIn(int leaf) throws Exception {
        EpochState e = alice.epochState();
        KeyPackageBundle kp = bundles.get(leaf);
        SecretTree st = new SecretTree(suite, e.secrets().encryptionSecret(), e.tree().leafCount(),
                Group.ratchetPolicy(env.config()));
        EpochState own = new EpochState(e.context(), e.tree(), e.interimTranscriptHash(), e.confirmationTag(),
                e.secrets(), st, dev.mlscustody.mls.tree.PrivateTreeKeys.ofLeaf(suite, leaf, kp.encryptionKey()));
        return new Group(env, suite, kp.signatureKey(), own);
    }
}
