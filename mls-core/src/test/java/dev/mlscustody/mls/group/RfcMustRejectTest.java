package dev.mlscustody.mls.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.CommitContent;
import dev.mlscustody.mls.framing.FramedContent;
import dev.mlscustody.mls.framing.FramedContentAuthData;
import dev.mlscustody.mls.framing.FramedContentBody;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.ProposalContent;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.framing.PublicMessage;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.framing.WireFormat;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.Commit;
import dev.mlscustody.mls.message.CredentialType;
import dev.mlscustody.mls.message.EncryptedGroupSecrets;
import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.ExtensionType;
import dev.mlscustody.mls.message.ExternalInit;
import dev.mlscustody.mls.message.ExternalSender;
import dev.mlscustody.mls.message.GroupContextExtensions;
import dev.mlscustody.mls.message.GroupInfo;
import dev.mlscustody.mls.message.GroupSecrets;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.PreSharedKeyProposal;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.ProposalOrRef;
import dev.mlscustody.mls.message.ReInit;
import dev.mlscustody.mls.message.Remove;
import dev.mlscustody.mls.message.ResumptionPskUsage;
import dev.mlscustody.mls.message.Update;
import dev.mlscustody.mls.message.Welcome;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.schedule.KeySchedule;
import dev.mlscustody.mls.schedule.TranscriptHash;
import dev.mlscustody.mls.tree.Capabilities;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.LeafNodeSource;
import dev.mlscustody.mls.tree.Lifetime;
import dev.mlscustody.mls.tree.RatchetTree;
import dev.mlscustody.mls.tree.UpdatePath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Receiver-side "MUST verify / MUST reject" rules of RFC 9420 not already covered by
 * {@link GroupValidationTest} or the tree/framing/message tests. Each test feeds a violating input
 * to the public API and checks the typed exception and, for a member, that its state is byte-for-byte
 * unchanged. Where a forged input needs a helper to be built, a control shows the helper's
 * unmodified output is accepted, so a rejection is caused by the one broken rule.
 *
 * <pre>
 * RFC 9420 rule                                                          test
 * §6     sender leaf must be a member                                    senderLeafMustBeAMember
 * §6, §12.1.8 external sender: proposals only, allowed types only        externalSenderProposalTypes
 * §6     new_member_proposal: content proposal, type add, signed by KP   newMemberProposalOnlyAddSignedByTheKeyPackage
 * §7.3/§12.1.2 Update: leaf_node_source update                           updateLeafNodeSourceMustBeUpdate
 * §7.3   Update: LeafNode signature (over group id and leaf index)       updateLeafNodeSignatureMustVerify
 * §7.3/§12.1.2 Update: new, unique encryption_key                        updateEncryptionKeyMustBeNewAndUnique
 * §7.3   Update: unique signature_key                                    updateSignatureKeyMustBeUnique
 * §7.3   leaf extensions listed in capabilities                          updateLeafExtensionsMustBeInCapabilities
 * §12.4.2 path leaf: source commit, new encryption key, unique, signed   commitPathLeafNodeRules
 * §10.1  KeyPackage leaf_node_source key_package                         keyPackageLeafSourceMustBeKeyPackage
 * §10.1  KeyPackage LeafNode signature                                   keyPackageLeafSignatureMustVerify
 * §10.1/§7.3 capabilities list the credential type                       keyPackageCapabilitiesMustListCredentialType
 * §12.1.1 receiver validates the committed KeyPackage (sig, suite)       committedAddWithInvalidKeyPackage
 * §12.2  several Update/Remove for one leaf                              severalUpdateOrRemoveForOneLeaf
 * §12.1.4/§8.4 reinit/branch resumption PSK outside reinit/branch        branchOrReinitPskInRegularCommit
 * §12.1.7/§13 GroupContext extensions supported by all members          groupContextExtensionUnsupportedByAMember
 * §13    no two extensions of one type in a list                         groupContextExtensionsWithDuplicateType
 * §13    new member supports every GroupContext extension                addMustSupportGroupContextExtensions
 * §13    joiner supports every GroupContext extension (external join)   joinerMustSupportGroupContextExtensions
 * §12.2/§12.4.3.2 external commit: exactly one ExternalInit              externalCommitNeedsExactlyOneExternalInit
 * §12.2  external commit: only ExternalInit, one Remove, PSKs            externalCommitOnlyAllowedProposals
 * §12.4.3.2 external commit: no proposals by reference                   externalCommitNoProposalsByReference
 * §12.4.3.2 external commit: path required                               externalCommitRequiresPath
 * §12.4.3.2 external commit signed by the path's LeafNode key            externalCommitSignedByTheNewMember
 * §12.4.3.1 Welcome cipher suite = KeyPackage's                          welcomeCipherSuiteMustMatch
 * §12.4.3.1 GroupInfo signer is a non-blank leaf                         welcomeSignerMustBeAMember
 * §12.4.3.1 GroupInfo confirmation tag                                   welcomeConfirmationTagMustVerify
 * §12.4.3.1 tree hash matches GroupInfo tree_hash                        welcomeTreeHashMustMatch
 * §12.4.3.1 own LeafNode found in the tree                               welcomeOwnLeafMustBeInTheTree
 * §12.4.3.1 at most one reinit/branch PSK in GroupSecrets                welcomeAtMostOneReinitOrBranchPsk
 * </pre>
 */
class RfcMustRejectTest extends ThreeMemberGroupTest {

    @Override
    String groupName() {
        return "must";
    }

    // ------------------------------------------------------------------------------- helpers


    private static byte[] flip(byte[] in) {
        byte[] out = in.clone();
        out[out.length - 1] ^= 1;
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A PublicMessage from {@code sender} of {@code g}'s epoch, signed with {@code key}, member-tagged if a member. */
    private static MlsMessage signed(Group g, Sender sender, FramedContentBody body, SignatureKey key,
                                     Optional<byte[]> confirmationTag) throws Exception {
        FramedContent content = new FramedContent(g.groupId(), g.epoch(), sender, new byte[0], body);
        byte[] sig = Framing.sign(g.suite(), key, WireFormat.PUBLIC_MESSAGE, content, g.groupContext());
        AuthenticatedContent ac = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content,
                new FramedContentAuthData(sig, confirmationTag));
        return sender instanceof Sender.Member ? MlsMessage.of(Forge.memberTagged(g.suite(), ac, g.epochState()))
                : MlsMessage.of(PublicMessage.of(ac, Optional.empty()));
    }

    /** A LeafNode for bob's leaf (1) with the given fields, signed by {@code signer} for {@code leafIndex}. */
    private LeafNode bobLeaf(byte[] encryptionKey, byte[] signatureKey, Capabilities caps, LeafNodeSource source,
                             List<Extension> extensions, SignatureKey signer, int leafIndex) throws Exception {
        LeafNode current = b.epochState().leaf(1).orElseThrow();
        LeafNode unsigned = new LeafNode(encryptionKey, signatureKey, current.credential(), caps, source,
                source == LeafNodeSource.KEY_PACKAGE ? Optional.of(new Lifetime(0, Long.MAX_VALUE)) : Optional.empty(),
                Optional.empty(), extensions, new byte[0]);
        return unsigned.signedWith(b.suite(), signer, b.groupId(), leafIndex);
    }

    private byte[] freshEncryptionKey() throws Exception {
        return bob.custody().generateHpkeKey(b.suite().kem()).publicKey();
    }

    private MlsMessage updateFromBob(LeafNode leaf) throws Exception {
        return Forge.framed(b, b.epoch(), new ProposalContent(new Update(leaf)), Optional.empty());
    }

    /** {@code kp} with {@code leaf} and its KeyPackage signature made by {@code signer}. */
    private static KeyPackage resigned(CipherSuite suite, KeyPackage kp, LeafNode leaf, SignatureKey signer)
            throws Exception {
        KeyPackage unsigned = new KeyPackage(kp.version(), kp.cipherSuite(), kp.initKey(), leaf, kp.extensions(),
                new byte[0]);
        return new KeyPackage(kp.version(), kp.cipherSuite(), kp.initKey(), leaf, kp.extensions(),
                Crypto.sign(suite, signer, "KeyPackageTBS", unsigned.encodeTbs()));
    }

    private static ValidationException invalidKeyPackage(KeyPackage kp, CipherSuite suite) {
        return assertThrows(ValidationException.class,
                () -> KeyPackageValidator.validate(kp, suite, CredentialValidator.acceptAll(), GroupConfig.defaults()));
    }

    // ------------------------------------------------------------------------------- §6 framing

    @Test
    void senderLeafMustBeAMember() throws Exception {
        // §6.1 "the signature key is ... the LeafNode at the index leaf_index": a blank leaf (3) or a leaf
        // outside the tree (9) has none; §12.4.2 "Verify the signature" fails: UNKNOWN_SENDER
        rejects(a, signed(b, new Sender.Member(3), new ProposalContent(new Remove(2)), b.signer(), Optional.empty()),
                Reason.UNKNOWN_SENDER);
        rejects(a, signed(b, new Sender.Member(9), new ProposalContent(new Remove(2)), b.signer(), Optional.empty()),
                Reason.UNKNOWN_SENDER);
        // control: the same from bob's real leaf is accepted
        assertInstanceOf(ProcessedMessage.ProposalReceived.class,
                a.process(signed(b, new Sender.Member(1), new ProposalContent(new Remove(2)), b.signer(), Optional.empty())));
    }

    private Group[] withExternalSender(Members.Client service) throws Exception {
        Extension senders = ExternalSender.toExtension(List.of(new ExternalSender(service.signer().publicKey(),
                service.credential())));
        Group g = Group.create(alice.env(), alice.suite(), utf8("ext"), alice.credential(), alice.signer(), List.of(senders));
        KeyPackageBundle bkp = bob.keyPackage();
        CommitOutput out = g.commit(CommitOptions.defaults().withProposals(List.of(new Add(bkp.keyPackage()))));
        g.mergePendingCommit();
        return new Group[] {g, bob.join(out.welcome().orElseThrow(), bkp)};
    }

    @Test
    void externalSenderProposalTypes() throws Exception {
        // §6 "external: ... The content_type of the message MUST be proposal and the proposal_type MUST be a
        // value that is allowed for external senders"; §12.1.8 "Messages from external senders containing
        // proposal types other than the above MUST be rejected as malformed" (Update, ExternalInit)
        Members.Client service = Members.client("service", 1);
        Group[] g = withExternalSender(service);
        Group ga = g[0];
        Sender ext = new Sender.External(0);
        rejects(ga, signed(ga, ext, new CommitContent(new Commit(List.of(new ProposalOrRef.ByValue(new Remove(1))),
                Optional.empty())), service.signer(), Optional.of(new byte[32])), Reason.UNKNOWN_SENDER);
        LeafNode bobsLeaf = ga.epochState().leaf(1).orElseThrow();
        rejects(ga, signed(ga, ext, new ProposalContent(new Update(bobsLeaf)), service.signer(), Optional.empty()),
                Reason.INVALID_PROPOSAL);
        rejects(ga, signed(ga, ext, new ProposalContent(new ExternalInit(new byte[32])), service.signer(), Optional.empty()),
                Reason.INVALID_PROPOSAL);
        // control: an external Remove is accepted
        assertInstanceOf(ProcessedMessage.ProposalReceived.class,
                ga.process(signed(ga, ext, new ProposalContent(new Remove(1)), service.signer(), Optional.empty())));
    }

    @Test
    void newMemberProposalOnlyAddSignedByTheKeyPackage() throws Exception {
        // §6 "new_member_proposal: ... content_type MUST be proposal and the proposal_type MUST be add";
        // the signature key is the one in the KeyPackage's LeafNode
        Members.Client dave = Members.client("dave", 1);
        KeyPackage dkp = dave.keyPackage().keyPackage();
        Sender nmp = new Sender.NewMemberProposal();
        rejects(a, signed(a, nmp, new ProposalContent(new Remove(2)), dave.signer(), Optional.empty()),
                Reason.INVALID_PROPOSAL);
        rejects(a, signed(a, nmp, new CommitContent(new Commit(List.of(new ProposalOrRef.ByValue(new Add(dkp))),
                Optional.empty())), dave.signer(), Optional.of(new byte[32])), Reason.INVALID_PROPOSAL);
        // signed by someone else than the KeyPackage's owner
        rejects(a, signed(a, nmp, new ProposalContent(new Add(dkp)), b.signer(), Optional.empty()), Reason.BAD_SIGNATURE);
        assertInstanceOf(ProcessedMessage.ProposalReceived.class,
                a.process(signed(a, nmp, new ProposalContent(new Add(dkp)), dave.signer(), Optional.empty())));
    }

    // ------------------------------------------------------------------------------- §7.3 leaf nodes

    @Test
    void updateLeafNodeSourceMustBeUpdate() throws Exception {
        // §7.3 "If the LeafNode appears in an Update proposal, verify that leaf_node_source is set to update"
        LeafNode current = b.epochState().leaf(1).orElseThrow();
        rejects(a, updateFromBob(bobLeaf(freshEncryptionKey(), current.signatureKey(), current.capabilities(),
                LeafNodeSource.KEY_PACKAGE, List.of(), b.signer(), 1)), Reason.INVALID_LEAF_NODE);
        // control: the same leaf with source update is accepted
        assertInstanceOf(ProcessedMessage.ProposalReceived.class, a.process(updateFromBob(bobLeaf(freshEncryptionKey(),
                current.signatureKey(), current.capabilities(), LeafNodeSource.UPDATE, List.of(), b.signer(), 1)).toBytes()));
    }

    @Test
    void updateLeafNodeSignatureMustVerify() throws Exception {
        // §7.3 "Verify that the signature on the LeafNode is valid using signature_key" (the TBS of an
        // update leaf includes group_id and leaf_index: signed for leaf 2 it does not verify at leaf 1)
        LeafNode current = b.epochState().leaf(1).orElseThrow();
        rejects(a, updateFromBob(bobLeaf(freshEncryptionKey(), current.signatureKey(), current.capabilities(),
                LeafNodeSource.UPDATE, List.of(), b.signer(), 2)), Reason.BAD_SIGNATURE);
        LeafNode good = bobLeaf(freshEncryptionKey(), current.signatureKey(), current.capabilities(),
                LeafNodeSource.UPDATE, List.of(), b.signer(), 1);
        rejects(a, updateFromBob(good.withSignature(flip(good.signature()))), Reason.BAD_SIGNATURE);
    }

    @Test
    void updateEncryptionKeyMustBeNewAndUnique() throws Exception {
        // §7.3 "encryption_key represents a different public key than the encryption_key in the leaf node
        // being replaced"; "Verify that the following fields are unique among the members: encryption_key"
        LeafNode current = b.epochState().leaf(1).orElseThrow();
        rejects(a, updateFromBob(bobLeaf(current.encryptionKey(), current.signatureKey(), current.capabilities(),
                LeafNodeSource.UPDATE, List.of(), b.signer(), 1)), Reason.INVALID_LEAF_NODE);
        byte[] carols = a.epochState().leaf(2).orElseThrow().encryptionKey();
        rejects(a, updateFromBob(bobLeaf(carols, current.signatureKey(), current.capabilities(),
                LeafNodeSource.UPDATE, List.of(), b.signer(), 1)), Reason.INVALID_LEAF_NODE);
    }

    @Test
    void updateSignatureKeyMustBeUnique() throws Exception {
        // §7.3 "Verify that the following fields are unique among the members of the group: signature_key"
        LeafNode current = b.epochState().leaf(1).orElseThrow();
        rejects(a, updateFromBob(bobLeaf(freshEncryptionKey(), c.signer().publicKey(), current.capabilities(),
                LeafNodeSource.UPDATE, List.of(), c.signer(), 1)), Reason.INVALID_LEAF_NODE);
    }

    @Test
    void updateLeafExtensionsMustBeInCapabilities() throws Exception {
        // §7.3 "Verify that the extensions in the LeafNode are supported by checking that the ID for each
        // extension in the extensions field is listed in the capabilities.extensions field"
        LeafNode current = b.epochState().leaf(1).orElseThrow();
        rejects(a, updateFromBob(bobLeaf(freshEncryptionKey(), current.signatureKey(), current.capabilities(),
                LeafNodeSource.UPDATE, List.of(new Extension(new ExtensionType(0xff00), new byte[0])), b.signer(), 1)),
                Reason.INVALID_LEAF_NODE);
    }

    @Test
    void commitPathLeafNodeRules() throws Exception {
        // §12.4.2 "Validate the LeafNode as specified in Section 7.3. The leaf_node_source field MUST be set to
        // commit"; "Verify that the encryption_key value in the LeafNode is different from the committer's
        // current leaf node"; §7.3 unique encryption_key, signature
        CommitOutput out = b.commit(CommitOptions.defaults());
        b.discardPendingCommit();
        PublicMessage pm = Forge.publicOf(out.commit());
        Commit real = ((CommitContent) pm.content().body()).commit();
        byte[] tag = pm.auth().confirmationTag().orElseThrow();
        UpdatePath path = real.path().orElseThrow();
        LeafNode l = path.leafNode();
        byte[] bobsKey = a.epochState().leaf(1).orElseThrow().encryptionKey();
        byte[] carolsKey = a.epochState().leaf(2).orElseThrow().encryptionKey();
        // control: bob's commit, re-signed unchanged, is accepted
        assertInstanceOf(ProcessedMessage.CommitStaged.class, a.process(Forge.commit(b, real, tag)));

        LeafNode keepsKey = new LeafNode(bobsKey, l.signatureKey(), l.credential(), l.capabilities(), l.source(),
                l.lifetime(), l.parentHash(), l.extensions(), new byte[0]).signedWith(b.suite(), b.signer(), b.groupId(), 1);
        rejects(a, Forge.commit(b, new Commit(List.of(), Optional.of(new UpdatePath(keepsKey, path.nodes()))), tag),
                Reason.INVALID_LEAF_NODE);
        LeafNode carols = new LeafNode(carolsKey, l.signatureKey(), l.credential(), l.capabilities(), l.source(),
                l.lifetime(), l.parentHash(), l.extensions(), new byte[0]).signedWith(b.suite(), b.signer(), b.groupId(), 1);
        rejects(a, Forge.commit(b, new Commit(List.of(), Optional.of(new UpdatePath(carols, path.nodes()))), tag),
                Reason.INVALID_LEAF_NODE);
        LeafNode updateSource = new LeafNode(l.encryptionKey(), l.signatureKey(), l.credential(), l.capabilities(),
                LeafNodeSource.UPDATE, Optional.empty(), Optional.empty(), l.extensions(), new byte[0])
                .signedWith(b.suite(), b.signer(), b.groupId(), 1);
        rejects(a, Forge.commit(b, new Commit(List.of(), Optional.of(new UpdatePath(updateSource, path.nodes()))), tag),
                Reason.INVALID_LEAF_NODE);
        rejects(a, Forge.commit(b, new Commit(List.of(), Optional.of(new UpdatePath(l.withSignature(flip(l.signature())),
                path.nodes()))), tag), Reason.BAD_SIGNATURE);
    }

    // ------------------------------------------------------------------------------- §10.1 KeyPackages

    @Test
    void keyPackageLeafSourceMustBeKeyPackage() throws Exception {
        // §10.1 "Verify that the leaf_node_source field of the leaf_node is set to key_package"
        Members.Client dave = Members.client("dave", 1);
        KeyPackage kp = dave.keyPackage().keyPackage();
        LeafNode l = kp.leafNode();
        LeafNode update = new LeafNode(l.encryptionKey(), l.signatureKey(), l.credential(), l.capabilities(),
                LeafNodeSource.UPDATE, Optional.empty(), Optional.empty(), l.extensions(), new byte[0])
                .signedWith(a.suite(), dave.signer(), a.groupId(), 3);
        KeyPackage bad = resigned(a.suite(), kp, update, dave.signer());
        assertEquals(Reason.INVALID_KEY_PACKAGE, invalidKeyPackage(bad, a.suite()).reason());
        rejects(a, Forge.commit(b, List.of(new Add(bad)), Optional.empty()), Reason.INVALID_KEY_PACKAGE);
        rejects(a, Forge.framed(b, b.epoch(), new ProposalContent(new Add(bad)), Optional.empty()),
                Reason.INVALID_KEY_PACKAGE);
    }

    @Test
    void keyPackageLeafSignatureMustVerify() throws Exception {
        // §10.1 "Verify that the LeafNode is valid" (§7.3: the LeafNode signature), separately from the
        // KeyPackage signature, which is made valid here
        Members.Client dave = Members.client("dave", 1);
        KeyPackage kp = dave.keyPackage().keyPackage();
        KeyPackage bad = resigned(a.suite(), kp, kp.leafNode().withSignature(flip(kp.leafNode().signature())), dave.signer());
        assertEquals(Reason.BAD_SIGNATURE, invalidKeyPackage(bad, a.suite()).reason());
        rejects(a, Forge.commit(b, List.of(new Add(bad)), Optional.empty()), Reason.BAD_SIGNATURE);
        // control: re-signing alone keeps a KeyPackage valid
        KeyPackageValidator.validate(resigned(a.suite(), kp, kp.leafNode(), dave.signer()), a.suite(),
                CredentialValidator.acceptAll(), GroupConfig.defaults());
    }

    @Test
    void keyPackageCapabilitiesMustListCredentialType() throws Exception {
        // §7.2/§7.3 the LeafNode's capabilities list its own credential type ("the credential type ... MUST be
        // listed"); a KeyPackage whose basic credential is not in capabilities.credentials is invalid
        Members.Client dave = Members.client("dave", 1);
        KeyPackage kp = dave.keyPackage().keyPackage();
        LeafNode l = kp.leafNode();
        Capabilities x509Only = new Capabilities(l.capabilities().versions(), l.capabilities().cipherSuites(),
                l.capabilities().extensions(), l.capabilities().proposals(), List.of(CredentialType.X509));
        LeafNode leaf = new LeafNode(l.encryptionKey(), l.signatureKey(), l.credential(), x509Only, l.source(),
                l.lifetime(), l.parentHash(), l.extensions(), new byte[0]).signedWith(a.suite(), dave.signer(), null, 0);
        KeyPackage bad = resigned(a.suite(), kp, leaf, dave.signer());
        assertEquals(Reason.INVALID_KEY_PACKAGE, invalidKeyPackage(bad, a.suite()).reason());
        rejects(a, Forge.commit(b, List.of(new Add(bad)), Optional.empty()), Reason.INVALID_KEY_PACKAGE);
    }

    @Test
    void committedAddWithInvalidKeyPackage() throws Exception {
        // §12.1.1 "An Add is invalid if the KeyPackage is invalid according to Section 10.1"; §12.2 a commit
        // with an invalid proposal MUST be rejected: KeyPackage signature and cipher suite, at the receiver
        KeyPackage kp = Members.client("dave", 1).keyPackage().keyPackage();
        KeyPackage badSig = new KeyPackage(kp.version(), kp.cipherSuite(), kp.initKey(), kp.leafNode(), kp.extensions(),
                flip(kp.signature()));
        rejects(a, Forge.commit(b, List.of(new Add(badSig)), Optional.empty()), Reason.BAD_SIGNATURE);
        KeyPackage otherSuite = Members.client("erin", 2).keyPackage().keyPackage();
        rejects(a, Forge.commit(b, List.of(new Add(otherSuite)), Optional.empty()), Reason.INVALID_KEY_PACKAGE);
        // control
        assertInstanceOf(ProcessedMessage.CommitStaged.class, a.process(b.commit(CommitOptions.defaults()
                .withProposals(List.of(new Add(kp)))).commit()));
    }

    // ------------------------------------------------------------------------------- §12.1 / §12.2 proposals

    @Test
    void severalUpdateOrRemoveForOneLeaf() throws Exception {
        // §12.2 "It contains multiple Update and/or Remove proposals that apply to the same leaf"
        rejects(a, Forge.commit(b, List.of(new Remove(2), new Remove(2)), Optional.empty()), Reason.INVALID_PROPOSAL);
        a.process(c.propose().update().toBytes());
        byte[] ref = a.pendingProposals().get(0).reference().orElseThrow();
        rejects(a, Forge.commit(b, new Commit(List.of(new ProposalOrRef.ByReference(ref),
                new ProposalOrRef.ByValue(new Remove(2))), Optional.empty()), new byte[32]), Reason.INVALID_PROPOSAL);
    }

    @Test
    void branchOrReinitPskInRegularCommit() throws Exception {
        // §8.4/§12.1.4 a resumption PSK with usage reinit or branch is only used when re-initializing or
        // branching: a PreSharedKey proposal carrying one in a regular commit is invalid
        for (ResumptionPskUsage usage : List.of(ResumptionPskUsage.BRANCH, ResumptionPskUsage.REINIT)) {
            PreSharedKeyId id = new PreSharedKeyId.Resumption(usage, a.groupId(), a.epoch(), new byte[32]);
            rejects(a, Forge.commit(b, List.of(new PreSharedKeyProposal(id)), Optional.empty()), Reason.INVALID_PROPOSAL);
            rejects(a, Forge.framed(b, b.epoch(), new ProposalContent(new PreSharedKeyProposal(id)), Optional.empty()),
                    Reason.INVALID_PROPOSAL);
        }
    }

    @Test
    void groupContextExtensionUnsupportedByAMember() throws Exception {
        // §13 "all MLS GroupContext extensions are mandatory, in the sense that an extension in use by the group
        // MUST be supported by all members of the group"
        GroupContextExtensions gce = new GroupContextExtensions(List.of(new Extension(new ExtensionType(0xff00), new byte[0])));
        rejects(a, Forge.commit(b, List.of(gce), Optional.empty()), Reason.INVALID_PROPOSAL);
        rejects(a, Forge.framed(b, b.epoch(), new ProposalContent(gce), Optional.empty()), Reason.INVALID_PROPOSAL);
    }

    @Test
    void groupContextExtensionsWithDuplicateType() throws Exception {
        // §13 "Any field containing a list of extensions MUST NOT have more than one extension of any given type"
        Extension one = new Extension(ExtensionType.APPLICATION_ID, utf8("one"));
        Extension two = new Extension(ExtensionType.APPLICATION_ID, utf8("two"));
        GroupContextExtensions gce = new GroupContextExtensions(List.of(one, two));
        // on the wire the list is malformed: a receiver rejects it while decoding, and changes nothing
        for (MlsMessage m : List.of(Forge.commit(b, List.of(gce), Optional.empty()),
                Forge.framed(b, b.epoch(), new ProposalContent(gce), Optional.empty()))) {
            byte[] before = GroupStateCodec.encode(a);
            assertThrows(dev.mlscustody.mls.codec.DecodeException.class, () -> a.process(m.toBytes()));
            assertArrayEquals(before, GroupStateCodec.encode(a), "state changed by a rejected message");
        }
        // built through the API, the committer refuses it
        byte[] before = GroupStateCodec.encode(b);
        ValidationException e = assertThrows(ValidationException.class,
                () -> b.commit(CommitOptions.defaults().withProposals(List.of(gce))));
        assertEquals(Reason.INVALID_PROPOSAL, e.reason(), e.getMessage());
        assertArrayEquals(before, GroupStateCodec.encode(b));
        // control: one application_id is fine
        assertInstanceOf(ProcessedMessage.ProposalReceived.class,
                a.process(Forge.framed(b, b.epoch(), new ProposalContent(new GroupContextExtensions(List.of(one))),
                        Optional.empty())));
    }

    @Test
    void addMustSupportGroupContextExtensions() throws Exception {
        // §13 "A client adding a new member to a group MUST verify that the LeafNode for the new member is
        // compatible with the group's extensions. The capabilities field MUST indicate support for each
        // extension in the GroupContext." A member processing the commit checks it too (§12.2: the list is
        // invalid if the resulting tree has an invalid leaf)
        ExtensionType custom = new ExtensionType(0xff00);
        KeyPackageFactory.Options withCustom = new KeyPackageFactory.Options(Duration.ofDays(90), List.of(),
                List.of(custom), List.of(), false);
        KeyPackageBundle bkp = new KeyPackageFactory(bob.custody(), bob.env().config().clock())
                .create(bob.suite(), bob.credential(), bob.signer(), withCustom);
        KeyPackageBundle ckp = new KeyPackageFactory(carol.custody(), carol.env().config().clock())
                .create(carol.suite(), carol.credential(), carol.signer(), withCustom);
        Group ga = alice.create(utf8("ext-support"));
        CommitOutput out = ga.commit(CommitOptions.defaults().withProposals(List.of(new Add(bkp.keyPackage()),
                new Add(ckp.keyPackage()))));
        ga.mergePendingCommit();
        Group gb = bob.join(out.welcome().orElseThrow(), bkp);
        Group gc = carol.join(out.welcome().orElseThrow(), ckp);
        // bob removes alice (who lacks the extension), then puts the extension in the GroupContext
        out = gb.commit(CommitOptions.defaults().withProposals(List.of(new Remove(0))));
        gb.mergePendingCommit();
        Members.apply(gc, out.commit());
        out = gb.commit(CommitOptions.defaults().withProposals(List.of(
                new GroupContextExtensions(List.of(new Extension(custom, new byte[0]))))));
        gb.mergePendingCommit();
        Members.apply(gc, out.commit());

        KeyPackage plain = Members.client("dave", 1).keyPackage().keyPackage();
        rejects(gc, Forge.commit(gb, List.of(new Add(plain)), Optional.empty()), Reason.INVALID_PROPOSAL);
        // the committer refuses it as well
        assertThrows(ValidationException.class,
                () -> gb.commit(CommitOptions.defaults().withProposals(List.of(new Add(plain)))));
        // control: a KeyPackage listing the extension is accepted
        Members.Client erin = Members.client("erin", 1);
        KeyPackage supporting = new KeyPackageFactory(erin.custody(), erin.env().config().clock())
                .create(erin.suite(), erin.credential(), erin.signer(), withCustom).keyPackage();
        // control: with a KeyPackage listing the extension, the forged commit passes every list and leaf rule
        // and fails only on its (zero) confirmation tag, checked last (§12.4.2)
        rejects(gc, Forge.commit(gb, List.of(new Add(supporting)), Optional.empty()), Reason.BAD_CONFIRMATION_TAG);
    }

    @Test
    void joinerMustSupportGroupContextExtensions() throws Exception {
        // §13 "A client joining a group MUST verify that it supports every extension in the GroupContext for
        // the group. Otherwise, it MUST treat the enclosing GroupInfo message as invalid and not join the group."
        ExtensionType custom = new ExtensionType(0xff00);
        Members.Client frank = Members.client("frank", 1);
        Group gf = Group.create(frank.env(), frank.suite(), utf8("ext-joiner"), frank.credential(), frank.signer(),
                List.of(new Extension(custom, new byte[0])));
        Members.Client dave = Members.client("dave", 1);
        ValidationException e = assertThrows(ValidationException.class, () -> Group.joinByExternalCommit(
                gf.groupInfo(true, true), Optional.empty(), dave.credential(), dave.signer(), java.util.OptionalInt.empty(),
                List.of(), dave.env()));
        assertEquals(Reason.INVALID_GROUP_INFO, e.reason(), e::getMessage);
        // control: without the extension the same external join goes through
        Group plain = Group.create(frank.env(), frank.suite(), utf8("no-ext"), frank.credential(), frank.signer(), List.of());
        Group.joinByExternalCommit(plain.groupInfo(true, true), Optional.empty(), dave.credential(), dave.signer(),
                java.util.OptionalInt.empty(), List.of(), dave.env());
    }

    // ------------------------------------------------------------------------------- §12.4.3.2 external commits

    private record ExternalCommit(Members.Client joiner, Commit commit, byte[] tag, ExternalInit init) {
    }

    private ExternalCommit daveExternalCommit() throws Exception {
        Members.Client dave = Members.client("dave", 1);
        ExternalJoin join = Group.joinByExternalCommit(a.groupInfo(true, true), Optional.empty(), dave.credential(),
                dave.signer(), OptionalInt.empty(), List.of(), dave.env());
        PublicMessage pm = Forge.publicOf(join.commit());
        Commit commit = ((CommitContent) pm.content().body()).commit();
        ExternalInit init = commit.proposals().stream().map(p -> ((ProposalOrRef.ByValue) p).proposal())
                .filter(p -> p instanceof ExternalInit).map(p -> (ExternalInit) p).findFirst().orElseThrow();
        ExternalCommit ec = new ExternalCommit(dave, commit, pm.auth().confirmationTag().orElseThrow(), init);
        // control: re-signed unchanged, it is accepted
        assertInstanceOf(ProcessedMessage.CommitStaged.class, a.process(external(ec, commit)));
        return ec;
    }

    private MlsMessage external(ExternalCommit ec, Commit commit) throws Exception {
        return signed(a, new Sender.NewMemberCommit(), new CommitContent(commit), ec.joiner().signer(), Optional.of(ec.tag()));
    }

    private MlsMessage external(ExternalCommit ec, List<Proposal> proposals) throws Exception {
        List<ProposalOrRef> refs = new ArrayList<>();
        for (Proposal p : proposals) {
            refs.add(new ProposalOrRef.ByValue(p));
        }
        return external(ec, new Commit(refs, ec.commit().path()));
    }

    @Test
    void externalCommitNeedsExactlyOneExternalInit() throws Exception {
        // §12.2 "For an external Commit, the list is valid if it contains only ... Exactly one ExternalInit"
        ExternalCommit ec = daveExternalCommit();
        rejects(a, external(ec, List.of()), Reason.INVALID_COMMIT);
        rejects(a, external(ec, List.of(ec.init(), ec.init())), Reason.INVALID_COMMIT);
    }

    @Test
    void externalCommitOnlyAllowedProposals() throws Exception {
        // §12.2 "At most one Remove proposal ... Zero or more PreSharedKey proposals ... No other proposals"
        ExternalCommit ec = daveExternalCommit();
        KeyPackage erin = Members.client("erin", 1).keyPackage().keyPackage();
        rejects(a, external(ec, List.of(ec.init(), new Add(erin))), Reason.INVALID_COMMIT);
        rejects(a, external(ec, List.of(ec.init(), new Update(ec.commit().path().orElseThrow().leafNode()))),
                Reason.INVALID_COMMIT);
        rejects(a, external(ec, List.of(ec.init(), new GroupContextExtensions(List.of()))), Reason.INVALID_COMMIT);
        rejects(a, external(ec, List.of(ec.init(), new ReInit(utf8("x"), ProtocolVersion.MLS10, 1, List.of()))),
                Reason.INVALID_COMMIT);
        rejects(a, external(ec, List.of(ec.init(), new Remove(1), new Remove(2))), Reason.INVALID_COMMIT);
    }

    @Test
    void externalCommitNoProposalsByReference() throws Exception {
        // §12.4.3.2 "The Commit MUST NOT include any proposals by reference"
        ExternalCommit ec = daveExternalCommit();
        a.process(b.propose().remove(2).toBytes());
        byte[] ref = a.pendingProposals().get(0).reference().orElseThrow();
        rejects(a, external(ec, new Commit(List.of(new ProposalOrRef.ByValue(ec.init()), new ProposalOrRef.ByReference(ref)),
                ec.commit().path())), Reason.INVALID_COMMIT);
    }

    @Test
    void externalCommitRequiresPath() throws Exception {
        // §12.4.3.2 "External Commits MUST contain a path field"
        ExternalCommit ec = daveExternalCommit();
        rejects(a, external(ec, new Commit(ec.commit().proposals(), Optional.empty())), Reason.INVALID_COMMIT);
    }

    @Test
    void externalCommitSignedByTheNewMember() throws Exception {
        // §12.4.3.2 "the signature on the enclosing AuthenticatedContent MUST verify using the public key for
        // the credential in the leaf_node of the path field"
        ExternalCommit ec = daveExternalCommit();
        rejects(a, signed(a, new Sender.NewMemberCommit(), new CommitContent(ec.commit()), c.signer(), Optional.of(ec.tag())),
                Reason.BAD_SIGNATURE);
    }

    // ------------------------------------------------------------------------------- §12.4.3.1 Welcome

    private record Opened(Members.Client joiner, KeyPackageBundle kp, Welcome welcome,
                          WelcomeJoiner.DecryptedWelcome dw) {
    }

    /** A Welcome from alice adding a new client, opened with that client's keys; alice's commit is discarded. */
    private Opened welcomeForDave() throws Exception {
        Members.Client dave = Members.client("dave", 1);
        KeyPackageBundle dkp = dave.keyPackage();
        CommitOutput out = a.commit(CommitOptions.defaults().withProposals(List.of(new Add(dkp.keyPackage()))));
        a.discardPendingCommit();
        Welcome w = ((MlsMessage.WelcomeBody) out.welcome().orElseThrow().body()).message();
        return new Opened(dave, dkp, w, WelcomeJoiner.decrypt(w, dkp.keyPackage(), dkp.initKey(), dave.env()));
    }

    /** The Welcome re-encrypted with {@code gi} and {@code secrets} (the PSK secret kept). */
    private Welcome reseal(Opened o, GroupInfo gi, GroupSecrets secrets) throws Exception {
        CipherSuite s = a.suite();
        byte[] welcomeSecret = KeySchedule.welcomeSecret(s, secrets.joinerSecret(), o.dw().pskSecret());
        byte[] egi = s.seal(KeySchedule.welcomeKey(s, welcomeSecret), KeySchedule.welcomeNonce(s, welcomeSecret),
                new byte[0], gi.toBytes());
        EncryptedGroupSecrets entry = new EncryptedGroupSecrets(a.keyPackageRef(o.kp().keyPackage()),
                Crypto.encrypt(s, o.kp().keyPackage().initKey(), "Welcome", egi, secrets.toBytes()));
        return new Welcome(o.welcome().cipherSuite(), List.of(entry), egi);
    }

    /** A GroupInfo signed by alice (leaf 0), naming {@code signer}. */
    private GroupInfo signedByAlice(GroupContext ctx, List<Extension> extensions, byte[] tag, long signer) throws Exception {
        GroupInfo unsigned = new GroupInfo(ctx, extensions, tag, signer, new byte[0]);
        return new GroupInfo(ctx, extensions, tag, signer, Crypto.sign(a.suite(), a.signer(), "GroupInfoTBS",
                unsigned.encodeTbs()));
    }

    private static ValidationException rejectsWelcome(Opened o, Welcome w, Optional<RatchetTree> tree, Reason reason) {
        ValidationException e = assertThrows(ValidationException.class,
                () -> Group.stageWelcome(w, o.kp(), tree, o.joiner().env()));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    @Test
    void welcomeCipherSuiteMustMatch() throws Exception {
        // §12.4.3.1 "if the cipher suite indicated in the KeyPackage does not match the one in the Welcome
        // message, return an error"
        Opened o = welcomeForDave();
        rejectsWelcome(o, new Welcome(2, o.welcome().secrets(), o.welcome().encryptedGroupInfo()), Optional.empty(),
                Reason.WRONG_CIPHER_SUITE);
    }

    @Test
    void welcomeSignerMustBeAMember() throws Exception {
        // §12.4.3.1 "The public key is taken from the LeafNode of the ratchet tree with leaf index signer. If the
        // node is blank or if signature verification fails, return an error"
        Opened o = welcomeForDave();
        GroupInfo gi = o.dw().groupInfo();
        for (long signer : new long[] {7, 1L << 20}) {
            GroupInfo forged = signedByAlice(gi.groupContext(), gi.extensions(), gi.confirmationTag(), signer);
            rejectsWelcome(o, reseal(o, forged, o.dw().groupSecrets()), Optional.empty(), Reason.INVALID_GROUP_INFO);
        }
    }

    @Test
    void welcomeConfirmationTagMustVerify() throws Exception {
        // §12.4.3.1 "Use the confirmation_key for the new group to compute the confirmation tag ... and verify
        // that it is the same as the confirmation_tag field in the GroupInfo object"
        Opened o = welcomeForDave();
        GroupInfo gi = o.dw().groupInfo();
        // control: resealed unchanged (re-signed), the Welcome is accepted
        Group.stageWelcome(reseal(o, signedByAlice(gi.groupContext(), gi.extensions(), gi.confirmationTag(), gi.signer()),
                o.dw().groupSecrets()), o.kp(), Optional.empty(), o.joiner().env());
        GroupInfo forged = signedByAlice(gi.groupContext(), gi.extensions(), flip(gi.confirmationTag()), gi.signer());
        rejectsWelcome(o, reseal(o, forged, o.dw().groupSecrets()), Optional.empty(), Reason.BAD_CONFIRMATION_TAG);
    }

    @Test
    void welcomeTreeHashMustMatch() throws Exception {
        // §12.4.3.1 "Verify that the tree hash of the ratchet tree matches the tree_hash field in GroupInfo"
        Members.Client dave = Members.client("dave", 1);
        KeyPackageBundle dkp = dave.keyPackage();
        RatchetTree stale = a.ratchetTree();
        CommitOutput out = a.commit(CommitOptions.defaults().withRatchetTreeInWelcome(false)
                .withProposals(List.of(new Add(dkp.keyPackage()))));
        a.mergePendingCommit();
        Welcome w = ((MlsMessage.WelcomeBody) out.welcome().orElseThrow().body()).message();
        ValidationException e = assertThrows(ValidationException.class,
                () -> Group.stageWelcome(w, dkp, Optional.of(stale), dave.env()));
        assertEquals(Reason.INVALID_TREE, e.reason(), e.getMessage());
        Group.stageWelcome(w, dkp, Optional.of(a.ratchetTree()), dave.env()); // control
    }

    @Test
    void welcomeOwnLeafMustBeInTheTree() throws Exception {
        // §12.4.3.1 "Identify a leaf whose LeafNode is identical to the one in the KeyPackage. If no such field
        // exists, return an error." A consistent GroupInfo (tree hash, confirmation tag, signature) whose tree
        // lacks the joiner
        Opened o = welcomeForDave();
        CipherSuite s = a.suite();
        GroupInfo gi = o.dw().groupInfo();
        RatchetTree withoutDave = a.ratchetTree();
        GroupContext c0 = gi.groupContext();
        GroupContext ctx = new GroupContext(c0.version(), c0.cipherSuite(), c0.groupId(), c0.epoch(),
                withoutDave.treeHash(), c0.confirmedTranscriptHash(), c0.extensions());
        byte[] key = KeySchedule.fromJoinerSecret(s, o.dw().groupSecrets().joinerSecret(), o.dw().pskSecret(),
                ctx.toBytes()).confirmationKey();
        byte[] tag = TranscriptHash.confirmationTag(s, key, ctx.confirmedTranscriptHash());
        List<Extension> ext = List.of(new Extension(ExtensionType.RATCHET_TREE, withoutDave.encode()));
        GroupInfo forged = signedByAlice(ctx, ext, tag, 0);
        rejectsWelcome(o, reseal(o, forged, o.dw().groupSecrets()), Optional.empty(), Reason.INVALID_WELCOME);
    }

    @Test
    void welcomeAtMostOneReinitOrBranchPsk() throws Exception {
        // §12.4.3.1 "if a PreSharedKeyID has type resumption with usage reinit or branch, verify that it is the
        // only such PSK"
        Opened o = welcomeForDave();
        GroupSecrets gs = o.dw().groupSecrets();
        List<PreSharedKeyId> two = List.of(
                new PreSharedKeyId.Resumption(ResumptionPskUsage.BRANCH, a.groupId(), a.epoch(), new byte[32]),
                new PreSharedKeyId.Resumption(ResumptionPskUsage.REINIT, a.groupId(), a.epoch(), new byte[32]));
        GroupSecrets forged = new GroupSecrets(gs.joinerSecret(), gs.pathSecret(), two);
        rejectsWelcome(o, reseal(o, o.dw().groupInfo(), forged), Optional.empty(), Reason.INVALID_WELCOME);
    }
}
