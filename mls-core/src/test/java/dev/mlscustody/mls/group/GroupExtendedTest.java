package dev.mlscustody.mls.group;

import static dev.mlscustody.mls.group.Members.apply;
import static dev.mlscustody.mls.group.Members.assertSameEpoch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.FramedContent;
import dev.mlscustody.mls.framing.FramedContentAuthData;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.ProposalContent;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.framing.PublicMessage;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.framing.WireFormat;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.BasicCredential;
import dev.mlscustody.mls.message.ExternalSender;
import dev.mlscustody.mls.message.GroupInfo;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.PreSharedKeyProposal;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.ReInit;
import dev.mlscustody.mls.message.Remove;
import dev.mlscustody.mls.message.Welcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** External commits and proposals, PSKs, branch and reinit (RFC 9420 §8.4, §11.2, §11.3, §12.1.8, §12.4.3.2). */
class GroupExtendedTest {

    private static Group[] pair(Members.Client alice, Members.Client bob, List<dev.mlscustody.mls.message.Extension> ext)
            throws Exception {
        Group a = Group.create(alice.env(), alice.suite(), "g".getBytes(StandardCharsets.UTF_8), alice.credential(),
                alice.signer(), ext);
        KeyPackageBundle bkp = bob.keyPackage();
        CommitOutput out = a.commit(CommitOptions.defaults().withProposals(List.of(new Add(bkp.keyPackage()))));
        a.mergePendingCommit();
        return new Group[] {a, bob.join(out.welcome().orElseThrow(), bkp)};
    }

    @Test
    void externalCommitJoinAndResync() throws Exception {
        Members.Client alice = Members.client("alice", 1);
        Members.Client bob = Members.client("bob", 1);
        Members.Client carol = Members.client("carol", 1);
        Group[] g = pair(alice, bob, List.of());
        GroupInfo gi = a(g).groupInfo(true, true);
        ExternalJoin join = Group.joinByExternalCommit(gi, Optional.empty(), carol.credential(), carol.signer(),
                OptionalInt.empty(), List.of(), carol.env());
        StagedCommit staged = ((ProcessedMessage.CommitStaged) a(g).process(join.commit().toBytes())).commit();
        assertTrue(staged.isExternal());
        a(g).merge(staged);
        apply(b(g), join.commit());
        Group c = join.group();
        assertSameEpoch(a(g), c);
        assertEquals(3, a(g).members().size());
        MlsMessage hello = c.encrypt("joined".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertArrayEquals("joined".getBytes(StandardCharsets.UTF_8),
                ((ProcessedMessage.Application) b(g).process(hello.toBytes())).data());

        // resync: carol re-joins externally, removing her old leaf
        ExternalJoin again = Group.joinByExternalCommit(b(g).groupInfo(true, true), Optional.empty(), carol.credential(),
                carol.signer(), OptionalInt.of(c.ownLeafIndex()), List.of(), carol.env());
        // same signature key as the leaf being removed: allowed because the old leaf is removed
        apply(a(g), again.commit());
        apply(b(g), again.commit());
        assertSameEpoch(a(g), again.group());
        assertEquals(3, a(g).members().size());
    }

    @Test
    void welcomeWithoutRatchetTreeNeedsTheTreeOutOfBand() throws Exception {
        Members.Client alice = Members.client("alice", 7);
        Members.Client bob = Members.client("bob", 7);
        Group a = alice.create("g".getBytes(StandardCharsets.UTF_8));
        KeyPackageBundle kp = bob.keyPackage();
        CommitOutput out = a.commit(CommitOptions.defaults().withRatchetTreeInWelcome(false)
                .withProposals(List.of(new Add(kp.keyPackage()))));
        a.mergePendingCommit();
        byte[] welcome = out.welcome().orElseThrow().toBytes();
        ValidationException e = assertThrows(ValidationException.class,
                () -> Group.stageWelcome(welcome, kp, Optional.empty(), bob.env()));
        assertEquals(ValidationException.Reason.INVALID_TREE, e.reason());
        Group b = Group.stageWelcome(welcome, kp, Optional.of(a.ratchetTree()), bob.env()).join(bob.env());
        assertSameEpoch(a, b);
    }

    @Test
    void externalProposalsFromExternalSenderAndNewMember() throws Exception {
        Members.Client alice = Members.client("alice", 1);
        Members.Client bob = Members.client("bob", 1);
        Members.Client service = Members.client("service", 1);
        var senders = ExternalSender.toExtension(List.of(new ExternalSender(service.signer().publicKey(), service.credential())));
        Group[] g = pair(alice, bob, List.of(senders));
        // the external sender proposes removing bob
        MlsMessage remove = external(a(g), new Sender.External(0), new Remove(1), service.signer());
        assertInstanceOf(ProcessedMessage.ProposalReceived.class, a(g).process(remove.toBytes()));
        b(g).process(remove.toBytes());
        // an unknown external sender index is rejected
        ValidationException e = assertThrows(ValidationException.class,
                () -> a(g).process(external(a(g), new Sender.External(1), new Remove(1), service.signer()).toBytes()));
        assertEquals(ValidationException.Reason.UNKNOWN_SENDER, e.reason());
        // a new member proposes its own Add
        Members.Client dave = Members.client("dave", 1);
        KeyPackageBundle dkp = dave.keyPackage();
        MlsMessage selfAdd = external(a(g), new Sender.NewMemberProposal(), new Add(dkp.keyPackage()), dave.signer());
        a(g).process(selfAdd.toBytes());
        b(g).process(selfAdd.toBytes());
        CommitOutput out = a(g).commit(CommitOptions.defaults());
        a(g).mergePendingCommit();
        MergeResult bobResult = apply(b(g), out.commit());
        assertEquals(false, bobResult.active());
        Group d = dave.join(out.welcome().orElseThrow(), dkp);
        assertSameEpoch(a(g), d);
    }

    private static MlsMessage external(Group group, Sender sender, Proposal proposal, SignatureKey key) throws Exception {
        FramedContent content = new FramedContent(group.groupId(), group.epoch(), sender, new byte[0],
                new ProposalContent(proposal));
        byte[] sig = Framing.sign(group.suite(), key, WireFormat.PUBLIC_MESSAGE, content, group.groupContext());
        return MlsMessage.of(PublicMessage.of(new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content,
                new FramedContentAuthData(sig, Optional.empty())), Optional.empty()));
    }

    @Test
    void externalAndResumptionPsks() throws Exception {
        Members.Client alice = Members.client("alice", 2);
        Members.Client bob = Members.client("bob", 2);
        byte[] pskId = "shared".getBytes(StandardCharsets.UTF_8);
        ((InMemoryPskStore) alice.env().psks()).put(pskId, new byte[] {1, 2, 3});
        ((InMemoryPskStore) bob.env().psks()).put(pskId, new byte[] {1, 2, 3});
        Group[] g = pair(alice, bob, List.of());
        int nh = a(g).suite().hashLength();
        PreSharedKeyId ext = new PreSharedKeyId.External(pskId, a(g).suite().randomBytes(nh));
        PreSharedKeyId res = new PreSharedKeyId.Resumption(dev.mlscustody.mls.message.ResumptionPskUsage.APPLICATION,
                a(g).groupId(), a(g).epoch(), a(g).suite().randomBytes(nh));
        CommitOutput out = a(g).commit(CommitOptions.defaults().withForcePath(false).withProposals(
                List.<Proposal>of(new PreSharedKeyProposal(ext), new PreSharedKeyProposal(res))));
        a(g).mergePendingCommit();
        apply(b(g), out.commit());
        assertSameEpoch(a(g), b(g));
        // a member without the external PSK cannot follow
        ((InMemoryPskStore) bob.env().psks()).remove(pskId);
        out = a(g).commit(CommitOptions.defaults().withProposals(List.of(new PreSharedKeyProposal(
                new PreSharedKeyId.External(pskId, a(g).suite().randomBytes(nh))))));
        MlsMessage commit = out.commit();
        ValidationException e = assertThrows(ValidationException.class, () -> b(g).process(commit.toBytes()));
        assertEquals(ValidationException.Reason.MISSING_PSK, e.reason());
    }

    @Test
    void branchAndReinit() throws Exception {
        Members.Client alice = Members.client("alice", 1);
        Members.Client bob = Members.client("bob", 1);
        Group[] g = pair(alice, bob, List.of());
        Group oldA = a(g);
        Group oldB = b(g);

        // branch: alice starts a subgroup with bob
        KeyPackageBundle bkp = bob.keyPackage();
        Group branchA = oldA.branch("sub".getBytes(StandardCharsets.UTF_8), List.of(bkp.keyPackage()), List.of());
        MlsMessage welcome = branchA.pendingCommitOutput().orElseThrow().welcome().orElseThrow();
        branchA.mergePendingCommit();
        GroupEnvironment bobEnv = bob.env().withResumptionPsks((gid, ep) -> oldB.resumptionPsk(ep));
        StagedWelcome sw = Group.stageWelcome(((MlsMessage.WelcomeBody) welcome.body()).message(), bkp,
                Optional.empty(), bobEnv);
        sw.checkBranchOf(oldB);
        Group branchB = sw.join(bobEnv);
        assertSameEpoch(branchA, branchB);
        assertEquals(1, branchB.epoch());

        // reinit: bob proposes moving to suite 3, alice commits it, then re-creates the group
        ReInit ri = new ReInit("reborn".getBytes(StandardCharsets.UTF_8), ProtocolVersion.MLS10, 3, List.of());
        MlsMessage proposal = oldB.propose().reInit(ri);
        oldA.process(proposal.toBytes());
        CommitOutput out = oldA.commit(CommitOptions.defaults().withForcePath(false));
        oldA.mergePendingCommit();
        apply(oldB, out.commit());
        assertEquals(Group.Status.REINIT, oldA.status());
        assertEquals(Group.Status.REINIT, oldB.status());
        assertThrows(GroupStateException.class, () -> oldB.encrypt(new byte[1], new byte[0]));

        Members.Client alice3 = Members.client("alice", 3);
        Members.Client bob3 = Members.client("bob", 3);
        KeyPackageBundle b3 = bob3.keyPackage();
        Group newA = oldA.reinitialize(alice3.signer(), alice3.credential(), List.of(b3.keyPackage()));
        MlsMessage w = newA.pendingCommitOutput().orElseThrow().welcome().orElseThrow();
        newA.mergePendingCommit();
        GroupEnvironment env3 = bob3.env().withResumptionPsks((gid, ep) -> oldB.resumptionPsk(ep));
        Welcome welcome3 = ((MlsMessage.WelcomeBody) w.body()).message();
        StagedWelcome sw3 = Group.stageWelcome(welcome3, b3, Optional.empty(), env3);
        sw3.checkReinitOf(oldB);
        assertThrows(ValidationException.class, () -> sw3.checkBranchOf(oldB));
        Group newB = sw3.join(env3);
        assertSameEpoch(newA, newB);
        assertEquals(3, newB.cipherSuite().id());
        assertArrayEquals("reborn".getBytes(StandardCharsets.UTF_8), newB.groupId());
        // without the old group's resumption PSK the Welcome cannot be opened
        ValidationException e = assertThrows(ValidationException.class,
                () -> Group.stageWelcome(welcome3, b3, Optional.empty(), bob3.env()));
        assertEquals(ValidationException.Reason.MISSING_PSK, e.reason());
    }

    private static Group a(Group[] g) {
        return g[0];
    }

    private static Group b(Group[] g) {
        return g[1];
    }

}
