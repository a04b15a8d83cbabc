package dev.mlscustody.mls.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SoftwareKeyCustody;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.message.BasicCredential;
import dev.mlscustody.mls.message.Credential;
import dev.mlscustody.mls.message.Welcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Test fixture: members with software custody, and helpers to build groups of them. */
final class Members {
    private Members() {
    }

    /** One client: its custody, signature key, credential and environment. */
    record Client(String name, CipherSuite suite, KeyCustody custody, SignatureKey signer, Credential credential,
                  GroupEnvironment env) {
        KeyPackageBundle keyPackage() throws Exception {
            return new KeyPackageFactory(custody, env.config().clock())
                    .create(suite, credential, signer, KeyPackageFactory.Options.defaults());
        }

        Group create(byte[] groupId) throws Exception {
            return Group.create(env, suite, groupId, credential, signer, List.of());
        }

        Group join(MlsMessage welcome, KeyPackageBundle kp) throws Exception {
            Welcome w = ((MlsMessage.WelcomeBody) welcome.body()).message();
            return Group.stageWelcome(w, kp, Optional.empty(), env).join(env);
        }
    }

    /** alice (suite 1) created a group and added bob and carol in one commit; all three are at epoch 1. */
    record Trio(Client alice, Client bob, Client carol, Group a, Group b, Group c) {
        static Trio create(String groupName) throws Exception {
            Client alice = client("alice", 1);
            Client bob = client("bob", 1);
            Client carol = client("carol", 1);
            Group a = alice.create(groupName.getBytes(StandardCharsets.UTF_8));
            KeyPackageBundle bkp = bob.keyPackage();
            KeyPackageBundle ckp = carol.keyPackage();
            CommitOutput out = a.commit(CommitOptions.defaults().withProposals(
                    List.of(new dev.mlscustody.mls.message.Add(bkp.keyPackage()), new dev.mlscustody.mls.message.Add(ckp.keyPackage()))));
            a.mergePendingCommit();
            return new Trio(alice, bob, carol, a, bob.join(out.welcome().orElseThrow(), bkp),
                    carol.join(out.welcome().orElseThrow(), ckp));
        }
    }

    /** Processing {@code message} at {@code g} fails with {@code reason} and changes nothing. */
    static dev.mlscustody.mls.ValidationException rejects(Group g, MlsMessage message, dev.mlscustody.mls.ValidationException.Reason reason)
            throws Exception {
        byte[] before = GroupStateCodec.encode(g);
        dev.mlscustody.mls.ValidationException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.mlscustody.mls.ValidationException.class, () -> g.process(message.toBytes()));
        assertEquals(reason, e.reason(), e.getMessage());
        assertArrayEquals(before, GroupStateCodec.encode(g), "state changed by a rejected message");
        return e;
    }

    static Client client(String name, int suiteId) throws Exception {
        return client(name, suiteId, GroupConfig.defaults());
    }

    static Client client(String name, int suiteId, GroupConfig config) throws Exception {
        CipherSuite suite = CipherSuite.of(suiteId);
        KeyCustody custody = SoftwareKeyCustody.inMemory();
        SignatureKey signer = custody.generateSignatureKey(suite.signatureScheme());
        GroupEnvironment env = new GroupEnvironment(config, custody, new InMemoryPskStore(), CredentialValidator.acceptBasic());
        return new Client(name, suite, custody, signer, new BasicCredential(name.getBytes(StandardCharsets.UTF_8)), env);
    }

    /** Processes {@code commit} at {@code member} and merges it. */
    static MergeResult apply(Group member, MlsMessage commit) throws Exception {
        ProcessedMessage pm = member.process(commit.toBytes());
        return member.merge(((ProcessedMessage.CommitStaged) pm).commit());
    }

    static void assertSameEpoch(Group a, Group b) {
        assertEquals(a.epoch(), b.epoch());
        assertArrayEquals(a.epochAuthenticator(), b.epochAuthenticator());
        assertArrayEquals(a.ratchetTree().treeHash(), b.ratchetTree().treeHash());
        assertArrayEquals(a.export("test", new byte[0], 32), b.export("test", new byte[0], 32));
    }
}
