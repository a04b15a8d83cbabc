package dev.mlscustody.mls.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.framing.ApplicationData;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.FramedContent;
import dev.mlscustody.mls.framing.FramedContentAuthData;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.PublicMessage;
import dev.mlscustody.mls.framing.WireFormat;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.Commit;
import dev.mlscustody.mls.message.ExternalInit;
import dev.mlscustody.mls.message.GroupContextExtensions;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.PreSharedKeyProposal;
import dev.mlscustody.mls.message.ProposalOrRef;
import dev.mlscustody.mls.message.ReInit;
import dev.mlscustody.mls.message.Remove;
import dev.mlscustody.mls.message.RequiredCapabilities;
import dev.mlscustody.mls.message.Update;
import dev.mlscustody.mls.message.ExtensionType;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.message.Welcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Negative tests: one per rule the group enforces. Each feeds a real member a message breaking
 * exactly one rule and checks the typed reason and that the member's state is byte-for-byte
 * unchanged (its snapshot before and after).
 *
 * <pre>
 * RFC 9420 rule                                                      test
 * §6     group_id must match                                         wrongGroup
 * §6     epoch must match (handshake)                                wrongEpoch
 * §6.1   FramedContent signature                                     badSignature
 * §6.2   membership tag                                              badMembershipTag
 * §6.2   no application data in PublicMessage                        applicationInPublicMessage
 * §9.2   a message key is used once (replay)                         replayRejected
 * §9.4   bounded forward generation jump                             generationTooFar
 * §8.2   confirmation tag                                            tamperedConfirmationTag
 * §12.4  unknown proposal reference                                  unknownProposalRef
 * §12.2  two Adds for the same client                                duplicateAdds
 * §12.2  Add of a current member                                     addOfExistingMember
 * §12.1.3 Remove of a blank leaf                                     removeOfBlankLeaf
 * §12.2  committer removes itself                                    committerRemovesItself
 * §12.2  Update from the committer                                   updateFromCommitter
 * §12.2  several GroupContextExtensions                              twoGroupContextExtensions
 * §12.2  ReInit with other proposals                                 reinitWithOthers
 * §12.2  ExternalInit in a regular commit                            externalInitInRegularCommit
 * §12.1.4 psk_nonce of length Nh                                     pskNonceLength
 * §12.2  same PSK twice                                              duplicatePsk
 * §12.4.2 PSK must be available                                      missingPsk
 * §12.4  path required (Remove, empty commit)                        pathMissingWhenRequired
 * §12.1.7 required_capabilities unsupported by a member              unsupportedRequiredCapability
 * §10.1  KeyPackage init_key != encryption_key, signature, suite     invalidKeyPackages
 * §12.4.3.1 Welcome for another KeyPackage                           welcomeForAnotherKeyPackage
 * §12.4.3.1 GroupInfo signature                                      groupInfoBadSignature
 * §12.4.2 removed member is inactive                                 removedMemberIsInactive
 * §12.4  commit before application data                              pendingProposalsBlockApplication
 * (stage/merge) a staged commit merges once, into the state it was staged on   stagedCommitMergesOnce
 * </pre>
 */
class GroupValidationTest extends ThreeMemberGroupTest {

    @Override
    String groupName() {
        return "negative";
    }


    private KeyPackage freshKeyPackage(String name) throws Exception {
        return Members.client(name, 1).keyPackage().keyPackage();
    }

    @Test
    void wrongGroup() throws Exception {
        Group other = Members.client("zed", 1).create("other".getBytes(StandardCharsets.UTF_8));
        rejects(a, other.encrypt(new byte[1], new byte[0]), Reason.WRONG_GROUP);
    }

    @Test
    void wrongEpoch() throws Exception {
        rejects(a, Forge.framed(b, b.epoch() + 1, new dev.mlscustody.mls.framing.ProposalContent(new Remove(2)),
                Optional.empty()), Reason.WRONG_EPOCH);
    }

    @Test
    void badSignature() throws Exception {
        PublicMessage pm = Forge.publicOf(b.propose().remove(2));
        PublicMessage forged = new PublicMessage(pm.content(),
                new FramedContentAuthData(flip(pm.auth().signature()), Optional.empty()), pm.membershipTag());
        // the membership tag covers the signature too: recompute it so that only the signature is wrong
        AuthenticatedContent ac = forged.authenticatedContent();
        MlsMessage m = MlsMessage.of(Framing.protectPublic(b.suite(), ac, b.epochState()));
        rejects(a, m, Reason.BAD_SIGNATURE);
    }

    @Test
    void badMembershipTag() throws Exception {
        PublicMessage pm = Forge.publicOf(b.propose().remove(2));
        rejects(a, MlsMessage.of(new PublicMessage(pm.content(), pm.auth(), Optional.of(flip(pm.membershipTag().orElseThrow())))),
                Reason.BAD_MEMBERSHIP_TAG);
    }

    @Test
    void applicationInPublicMessage() throws Exception {
        rejects(a, Forge.framed(b, b.epoch(), new ApplicationData(new byte[3]), Optional.empty()), Reason.WRONG_WIRE_FORMAT);
    }

    @Test
    void replayRejected() throws Exception {
        MlsMessage m = b.encrypt("x".getBytes(StandardCharsets.UTF_8), new byte[0]);
        a.process(m.toBytes());
        rejects(a, m, Reason.KEY_ALREADY_USED);
    }

    @Test
    void generationTooFar() throws Exception {
        Members.Client tight = new Members.Client("alice", alice.suite(), alice.custody(), alice.signer(), alice.credential(),
                alice.env().withConfig(GroupConfig.defaults().withMaxForwardGenerations(2)));
        Group strict = GroupStateCodec.decode(GroupStateCodec.encode(a), tight.env());
        // a first message creates bob's ratchets at alice (a deterministic derivation, §9.2)
        strict.process(b.encrypt(new byte[1], new byte[0]).toBytes());
        for (int i = 0; i < 3; i++) {
            b.encrypt(new byte[1], new byte[0]);
        }
        rejects(strict, b.encrypt(new byte[1], new byte[0]), Reason.GENERATION_TOO_FAR);
    }

    @Test
    void tamperedConfirmationTag() throws Exception {
        CommitOutput out = b.commit(CommitOptions.defaults());
        PublicMessage pm = Forge.publicOf(out.commit());
        AuthenticatedContent ac = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, pm.content(),
                new FramedContentAuthData(pm.auth().signature(), Optional.of(flip(pm.auth().confirmationTag().orElseThrow()))));
        rejects(a, MlsMessage.of(Framing.protectPublic(b.suite(), ac, b.epochState())), Reason.BAD_CONFIRMATION_TAG);
    }

    @Test
    void unknownProposalRef() throws Exception {
        MlsMessage m = Forge.commit(b, new Commit(List.of(new ProposalOrRef.ByReference(new byte[32])), Optional.empty()),
                new byte[32]);
        rejects(a, m, Reason.INVALID_COMMIT);
    }

    @Test
    void duplicateAdds() throws Exception {
        KeyPackage kp = freshKeyPackage("dave");
        rejects(a, Forge.commit(b, List.of(new Add(kp), new Add(kp)), Optional.empty()), Reason.INVALID_PROPOSAL);
    }

    @Test
    void addOfExistingMember() throws Exception {
        KeyPackage again = carol.keyPackage().keyPackage(); // same signature key as carol's leaf
        rejects(a, Forge.commit(b, List.of(new Add(again)), Optional.empty()), Reason.INVALID_PROPOSAL);
    }

    @Test
    void removeOfBlankLeaf() throws Exception {
        rejects(a, Forge.commit(b, List.of(new Remove(3)), Optional.empty()), Reason.INVALID_PROPOSAL);
    }

    @Test
    void committerRemovesItself() throws Exception {
        rejects(a, Forge.commit(b, List.of(new Remove(1)), Optional.empty()), Reason.INVALID_PROPOSAL);
    }

    @Test
    void updateFromCommitter() throws Exception {
        MlsMessage upd = b.propose().update();
        a.process(upd.toBytes());
        QueuedProposal qp = a.pendingProposals().get(0);
        Update u = (Update) qp.proposal();
        rejects(a, Forge.commit(b, List.of(u), Optional.empty()), Reason.INVALID_PROPOSAL);
        rejects(a, Forge.commit(b, new Commit(List.of(new ProposalOrRef.ByReference(qp.reference().orElseThrow())),
                Optional.empty()), new byte[32]), Reason.INVALID_PROPOSAL);
    }

    @Test
    void twoGroupContextExtensions() throws Exception {
        rejects(a, Forge.commit(b, List.of(new GroupContextExtensions(List.of()), new GroupContextExtensions(List.of())),
                Optional.empty()), Reason.INVALID_PROPOSAL);
    }

    @Test
    void reinitWithOthers() throws Exception {
        ReInit ri = new ReInit("new".getBytes(StandardCharsets.UTF_8), ProtocolVersion.MLS10, 1, List.of());
        rejects(a, Forge.commit(b, List.of(ri, new Remove(2)), Optional.empty()), Reason.INVALID_PROPOSAL);
    }

    @Test
    void externalInitInRegularCommit() throws Exception {
        rejects(a, Forge.commit(b, List.of(new ExternalInit(new byte[32])), Optional.empty()), Reason.INVALID_PROPOSAL);
    }

    @Test
    void pskNonceLength() throws Exception {
        PreSharedKeyId id = new PreSharedKeyId.External("psk".getBytes(StandardCharsets.UTF_8), new byte[5]);
        rejects(a, Forge.commit(b, List.of(new PreSharedKeyProposal(id)), Optional.empty()), Reason.INVALID_PROPOSAL);
    }

    @Test
    void duplicatePsk() throws Exception {
        PreSharedKeyId id = new PreSharedKeyId.External("psk".getBytes(StandardCharsets.UTF_8), new byte[32]);
        rejects(a, Forge.commit(b, List.of(new PreSharedKeyProposal(id), new PreSharedKeyProposal(id)), Optional.empty()),
                Reason.INVALID_PROPOSAL);
    }

    @Test
    void missingPsk() throws Exception {
        PreSharedKeyId id = new PreSharedKeyId.External("unknown".getBytes(StandardCharsets.UTF_8), new byte[32]);
        rejects(a, Forge.commit(b, List.of(new PreSharedKeyProposal(id)), Optional.empty()), Reason.MISSING_PSK);
    }

    @Test
    void pathMissingWhenRequired() throws Exception {
        rejects(a, Forge.commit(b, List.of(new Remove(2)), Optional.empty()), Reason.INVALID_COMMIT);
        rejects(a, Forge.commit(b, List.of(), Optional.empty()), Reason.INVALID_COMMIT);
    }

    @Test
    void unsupportedRequiredCapability() throws Exception {
        RequiredCapabilities rc = new RequiredCapabilities(List.of(new ExtensionType(0xff00)), List.of(), List.of());
        rejects(a, Forge.commit(b, List.of(new GroupContextExtensions(List.of(rc.toExtension()))), Optional.empty()),
                Reason.INVALID_PROPOSAL);
    }

    @Test
    void invalidKeyPackages() throws Exception {
        KeyPackage good = freshKeyPackage("dave");
        KeyPackage sameKeys = new KeyPackage(good.version(), good.cipherSuite(), good.leafNode().encryptionKey(),
                good.leafNode(), good.extensions(), good.signature());
        ValidationException e = assertThrows(ValidationException.class,
                () -> KeyPackageValidator.validate(sameKeys, a.suite(), CredentialValidator.acceptAll(), GroupConfig.defaults()));
        assertEquals(Reason.INVALID_KEY_PACKAGE, e.reason());
        KeyPackage badSig = new KeyPackage(good.version(), good.cipherSuite(), good.initKey(), good.leafNode(),
                good.extensions(), flip(good.signature()));
        e = assertThrows(ValidationException.class,
                () -> KeyPackageValidator.validate(badSig, a.suite(), CredentialValidator.acceptAll(), GroupConfig.defaults()));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
        e = assertThrows(ValidationException.class, () -> KeyPackageValidator.validate(good,
                dev.mlscustody.mls.crypto.CipherSuite.of(2), CredentialValidator.acceptAll(), GroupConfig.defaults()));
        assertEquals(Reason.INVALID_KEY_PACKAGE, e.reason());
        // our own sender refuses to propose it
        e = assertThrows(ValidationException.class, () -> b.propose().add(badSig));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
    }

    @Test
    void welcomeForAnotherKeyPackage() throws Exception {
        Members.Client dave = Members.client("dave", 1);
        Members.Client erin = Members.client("erin", 1);
        KeyPackageBundle dkp = dave.keyPackage();
        CommitOutput out = a.commit(CommitOptions.defaults().withProposals(List.of(new Add(dkp.keyPackage()))));
        Welcome w = ((MlsMessage.WelcomeBody) out.welcome().orElseThrow().body()).message();
        ValidationException e = assertThrows(ValidationException.class,
                () -> Group.stageWelcome(w, erin.keyPackage(), Optional.empty(), erin.env()));
        assertEquals(Reason.INVALID_WELCOME, e.reason());
    }

    @Test
    void groupInfoBadSignature() throws Exception {
        Members.Client dave = Members.client("dave", 1);
        KeyPackageBundle dkp = dave.keyPackage();
        // a Welcome signed by bob's key but naming alice as signer
        CommitOutput out = a.commit(CommitOptions.defaults().withProposals(List.of(new Add(dkp.keyPackage()))));
        a.discardPendingCommit();
        Welcome w = ((MlsMessage.WelcomeBody) out.welcome().orElseThrow().body()).message();
        WelcomeJoiner.DecryptedWelcome dw = WelcomeJoiner.decrypt(w, dkp.keyPackage(), dkp.initKey(), dave.env());
        var gi = dw.groupInfo();
        var forged = new dev.mlscustody.mls.message.GroupInfo(gi.groupContext(), gi.extensions(), gi.confirmationTag(),
                gi.signer(), Crypto.sign(a.suite(), b.signer(), "GroupInfoTBS", gi.encodeTbs()));
        // re-encrypt the forged GroupInfo under the same welcome key
        byte[] welcomeSecret = dev.mlscustody.mls.schedule.KeySchedule.welcomeSecret(a.suite(),
                dw.groupSecrets().joinerSecret(), dw.pskSecret());
        byte[] egi = a.suite().seal(dev.mlscustody.mls.schedule.KeySchedule.welcomeKey(a.suite(), welcomeSecret),
                dev.mlscustody.mls.schedule.KeySchedule.welcomeNonce(a.suite(), welcomeSecret), new byte[0], forged.toBytes());
        var entry = new dev.mlscustody.mls.message.EncryptedGroupSecrets(a.keyPackageRef(dkp.keyPackage()),
                Crypto.encrypt(a.suite(), dkp.keyPackage().initKey(), "Welcome", egi, dw.groupSecrets().toBytes()));
        Welcome bad = new Welcome(w.cipherSuite(), List.of(entry), egi);
        ValidationException e = assertThrows(ValidationException.class,
                () -> Group.stageWelcome(bad, dkp, Optional.empty(), dave.env()));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
    }

    @Test
    void removedMemberIsInactive() throws Exception {
        CommitOutput out = a.commit(CommitOptions.defaults().withProposals(List.of(new Remove(2))));
        a.mergePendingCommit();
        Members.apply(c, out.commit());
        assertEquals(Group.Status.INACTIVE, c.status());
        GroupStateException e = assertThrows(GroupStateException.class, () -> c.commit(CommitOptions.defaults()));
        assertEquals(GroupStateException.Reason.INACTIVE, e.reason());
        assertThrows(GroupStateException.class, () -> c.encrypt(new byte[1], new byte[0]));
    }

    @Test
    void pendingProposalsBlockApplication() throws Exception {
        a.process(b.propose().remove(2).toBytes());
        GroupStateException e = assertThrows(GroupStateException.class, () -> a.encrypt(new byte[1], new byte[0]));
        assertEquals(GroupStateException.Reason.PENDING_PROPOSALS, e.reason());
    }

    @Test
    void stagedCommitMergesOnce() throws Exception {
        CommitOutput out = b.commit(CommitOptions.defaults());
        StagedCommit staged = ((ProcessedMessage.CommitStaged) a.process(out.commit().toBytes())).commit();
        Group copy = GroupStateCodec.decode(GroupStateCodec.encode(a), alice.env());
        GroupStateException e = assertThrows(GroupStateException.class, () -> copy.merge(staged));
        assertEquals(GroupStateException.Reason.UNKNOWN_EPOCH, e.reason());
        a.merge(staged);
        assertThrows(GroupStateException.class, () -> a.merge(staged));
        assertThrows(GroupStateException.class, () -> a.mergePendingCommit());
    }

    private static byte[] flip(byte[] in) {
        byte[] out = in.clone();
        out[out.length - 1] ^= 1;
        return out;
    }

}
