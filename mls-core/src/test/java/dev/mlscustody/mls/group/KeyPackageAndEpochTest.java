package dev.mlscustody.mls.group;

import static dev.mlscustody.mls.group.Members.apply;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.BasicCredential;
import dev.mlscustody.mls.message.Welcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** KeyPackage creation and use (RFC 9420 §10), custody key lifecycle, late messages of past epochs (§15.4). */
class KeyPackageAndEpochTest {

    @Test
    void keyPackagesAreValidAndInitKeysAreReportedForDestruction() throws Exception {
        Members.Client alice = Members.client("alice", 1);
        Members.Client bob = Members.client("bob", 1);
        KeyPackageBundle kp = bob.keyPackage();
        VerifiedKeyPackage v = KeyPackageValidator.validate(kp.keyPackage(), bob.suite(), CredentialValidator.acceptBasic(),
                GroupConfig.defaults());
        assertEquals(32, v.reference().length);
        assertTrue(!java.util.Arrays.equals(kp.keyPackage().initKey(), kp.keyPackage().leafNode().encryptionKey()));
        assertEquals(kp.initKey().id(), kp.privateKeyIds().initKey());

        Group a = alice.create("g".getBytes(StandardCharsets.UTF_8));
        CommitOutput out = a.commit(CommitOptions.defaults().withProposals(List.of(new Add(kp.keyPackage()))));
        a.mergePendingCommit();
        Welcome w = ((MlsMessage.WelcomeBody) out.welcome().orElseThrow().body()).message();
        StagedWelcome sw = Group.stageWelcome(w, kp, Optional.empty(), bob.env());
        assertEquals(List.of(kp.initKey().id()), sw.keysToDestroy());
        Group b = sw.join(bob.env());
        bob.custody().destroy(kp.initKey().id());
        assertThrows(KeyCustodyException.class, () -> bob.custody().findHpkeKey(kp.initKey().id()));
        assertEquals(List.of(bob.signer().id(), kp.encryptionKey().id()), b.referencedKeys());

        // a last-resort KeyPackage keeps its init key
        KeyPackageBundle lastResort = new KeyPackageFactory(bob.custody(), Clock.systemUTC()).create(bob.suite(),
                bob.credential(), bob.signer(), KeyPackageFactory.Options.defaults().withLastResort(true));
        assertTrue(KeyPackageFactory.isLastResort(lastResort.keyPackage()));
        Members.Client carol = Members.client("carol", 1);
        Group c = carol.create("h".getBytes(StandardCharsets.UTF_8));
        out = c.commit(CommitOptions.defaults().withProposals(List.of(new Add(lastResort.keyPackage()))));
        Welcome w2 = ((MlsMessage.WelcomeBody) out.welcome().orElseThrow().body()).message();
        assertEquals(List.of(), Group.stageWelcome(w2, lastResort, Optional.empty(), bob.env()).keysToDestroy());
    }

    @Test
    void expiredKeyPackageRejected() throws Exception {
        Members.Client bob = Members.client("bob", 1);
        KeyPackageBundle old = new KeyPackageFactory(bob.custody(), Clock.offset(Clock.systemUTC(), Duration.ofDays(-400)))
                .create(bob.suite(), bob.credential(), bob.signer(), KeyPackageFactory.Options.defaults());
        ValidationException e = assertThrows(ValidationException.class, () -> KeyPackageValidator.validate(
                old.keyPackage(), bob.suite(), CredentialValidator.acceptAll(), GroupConfig.defaults()));
        assertEquals(ValidationException.Reason.INVALID_KEY_PACKAGE, e.reason());
    }

    @Test
    void overlongLifetimeRejectedAndBundleRestored() throws Exception {
        Members.Client bob = Members.client("bob", 1);
        KeyPackageBundle longLived = new KeyPackageFactory(bob.custody(), Clock.systemUTC()).create(bob.suite(),
                bob.credential(), bob.signer(), new KeyPackageFactory.Options(Duration.ofDays(3650), List.of(), List.of(),
                        List.of(), false));
        ValidationException e = assertThrows(ValidationException.class, () -> KeyPackageValidator.validate(
                longLived.keyPackage(), bob.suite(), CredentialValidator.acceptAll(), GroupConfig.defaults()));
        assertEquals(ValidationException.Reason.INVALID_KEY_PACKAGE, e.reason());
        KeyPackageValidator.validate(longLived.keyPackage(), bob.suite(), CredentialValidator.acceptAll(),
                GroupConfig.defaults().withMaxLifetime(Duration.ofDays(4000)));
        KeyPackageBundle again = KeyPackageBundle.restore(longLived.keyPackage(), longLived.privateKeyIds(), bob.custody());
        assertEquals(longLived.privateKeyIds(), again.privateKeyIds());
    }

    @Test
    void leavingByProposal() throws Exception {
        Members.Client alice = Members.client("alice", 1);
        Members.Client bob = Members.client("bob", 1);
        Group a = alice.create("g".getBytes(StandardCharsets.UTF_8));
        KeyPackageBundle kp = bob.keyPackage();
        CommitOutput out = a.commit(CommitOptions.defaults().withProposals(List.of(new Add(kp.keyPackage()))));
        a.mergePendingCommit();
        Group b = Group.stageWelcome(out.welcome().orElseThrow().toBytes(), kp, Optional.empty(), bob.env()).join(bob.env());
        a.process(b.propose().leave().toBytes());
        out = a.commit(CommitOptions.defaults());
        a.mergePendingCommit();
        MergeResult r = apply(b, out.commit());
        assertEquals(false, r.active());
        assertTrue(r.keysToDestroy().contains(kp.encryptionKey().id()), "the removed member's leaf key is superseded");
        assertEquals(1, a.members().size());
    }

    @Test
    void credentialValidatorIsConsulted() throws Exception {
        Members.Client alice = Members.client("alice", 1);
        Members.Client mallory = Members.client("mallory", 1);
        GroupEnvironment strict = alice.env().withConfig(GroupConfig.defaults());
        strict = new GroupEnvironment(strict.config(), strict.custody(), strict.psks(), (cred, key) -> {
            if (cred instanceof BasicCredential b && new String(b.identity(), StandardCharsets.UTF_8).equals("mallory")) {
                throw new ValidationException(ValidationException.Reason.INVALID_CREDENTIAL, "not allowed");
            }
        });
        Group a = Group.create(strict, alice.suite(), "g".getBytes(StandardCharsets.UTF_8), alice.credential(),
                alice.signer(), List.of());
        KeyPackageBundle kp = mallory.keyPackage();
        ValidationException e = assertThrows(ValidationException.class,
                () -> a.commit(CommitOptions.defaults().withProposals(List.of(new Add(kp.keyPackage())))));
        assertEquals(ValidationException.Reason.INVALID_CREDENTIAL, e.reason());
        assertEquals(Group.Status.OPERATIONAL, a.status());
    }

    @Test
    void lateApplicationMessagesWithinRetention() throws Exception {
        Members.Client alice = Members.client("alice", 1, GroupConfig.defaults().withMaxPastEpochs(1));
        Members.Client bob = Members.client("bob", 1, GroupConfig.defaults().withMaxPastEpochs(1));
        Group a = alice.create("g".getBytes(StandardCharsets.UTF_8));
        KeyPackageBundle kp = bob.keyPackage();
        CommitOutput out = a.commit(CommitOptions.defaults().withProposals(List.of(new Add(kp.keyPackage()))));
        a.mergePendingCommit();
        Group b = bob.join(out.welcome().orElseThrow(), kp);
        MlsMessage late1 = b.encrypt("late-1".getBytes(StandardCharsets.UTF_8), new byte[0]);
        out = a.commit(CommitOptions.defaults());
        a.mergePendingCommit();
        apply(b, out.commit());
        MlsMessage late2 = b.encrypt("late-2".getBytes(StandardCharsets.UTF_8), new byte[0]);
        // one epoch back: still decryptable
        assertArrayEquals("late-1".getBytes(StandardCharsets.UTF_8),
                ((ProcessedMessage.Application) a.process(late1.toBytes())).data());
        out = a.commit(CommitOptions.defaults());
        a.mergePendingCommit();
        apply(b, out.commit());
        assertArrayEquals("late-2".getBytes(StandardCharsets.UTF_8),
                ((ProcessedMessage.Application) a.process(late2.toBytes())).data());
        // two epochs back: keys deleted
        out = a.commit(CommitOptions.defaults());
        a.mergePendingCommit();
        ValidationException e = assertThrows(ValidationException.class, () -> a.process(late1.toBytes()));
        assertEquals(ValidationException.Reason.EPOCH_TOO_OLD, e.reason());
    }
}
