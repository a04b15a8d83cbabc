package dev.mlscustody.mls.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.message.BasicCredential;
import dev.mlscustody.mls.message.CredentialType;
import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.ExtensionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whole-tree validation on join (§12.4.3.1) and LeafNode validation (§7.3): each rule rejects. */
class TreeValidatorTest {
    private final CipherSuite suite = CipherSuite.of(1);

    TreeValidatorTest() throws Exception {
    }

    private static ValidationException invalid(TestGroup g, RatchetTree tree) {
        return assertThrows(ValidationException.class,
                () -> TreeValidator.validate(tree, g.groupId, null, GroupRequirements.NONE));
    }

    private TestGroup committedGroup() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 6);
        g.commit(5);
        g.commit(0);
        TreeValidator.validate(g.tree, g.groupId, g.tree.treeHash(), GroupRequirements.NONE);
        return g;
    }

    @Test
    void rejectsWrongTreeHash() throws Exception {
        TestGroup g = committedGroup();
        byte[] wrong = g.tree.treeHash();
        wrong[0] ^= 1;
        ValidationException ex = assertThrows(ValidationException.class,
                () -> TreeValidator.validate(g.tree, g.groupId, wrong, GroupRequirements.NONE));
        assertEquals(Reason.INVALID_TREE, ex.reason());
    }

    @Test
    void rejectsParentWithBadParentHash() throws Exception {
        TestGroup g = committedGroup();
        int root = TreeMath.root(g.tree.leafCount());
        List<Integer> parents = new ArrayList<>();
        for (int x = 1; x < g.tree.nodeWidth(); x += 2) {
            if (!g.tree.isBlank(x) && x != root) {
                parents.add(x);
            }
        }
        ParentNode p = g.tree.parentNode(parents.get(0)).orElseThrow();
        byte[] ph = p.parentHash().clone();
        ph[0] ^= 1;
        TreeEditor e = g.tree.edit();
        e.setParent(parents.get(0), new ParentNode(p.encryptionKey(), ph, p.unmergedLeaves()));
        ValidationException ex = invalid(g, e.build());
        assertEquals(Reason.INVALID_TREE, ex.reason());
        assertTrue(ex.getMessage().contains("parent-hash valid"));
    }

    @Test
    void rejectsParentKeyNotSetByAnyPath() throws Exception {
        TestGroup g = committedGroup();
        int root = TreeMath.root(g.tree.leafCount());
        ParentNode p = g.tree.parentNode(root).orElseThrow();
        TreeEditor e = g.tree.edit();
        e.setParent(root, new ParentNode(g.custody.generateHpkeKey(suite.kem()).publicKey(), p.parentHash(), p.unmergedLeaves()));
        assertEquals(Reason.INVALID_TREE, invalid(g, e.build()).reason());
    }

    @Test
    void rejectsBadLeafSignatureWithTheGroupId() throws Exception {
        TestGroup g = committedGroup();
        // leaf 0 (source commit) is signed over group id and leaf index: another group id fails
        ValidationException ex = assertThrows(ValidationException.class,
                () -> TreeValidator.validate(g.tree, "other".getBytes(), null, GroupRequirements.NONE));
        assertEquals(Reason.BAD_SIGNATURE, ex.reason());
        LeafNode l = g.tree.leafNode(3).orElseThrow();
        byte[] sig = l.signature().clone();
        sig[0] ^= 1;
        TreeEditor e = g.tree.edit();
        e.setLeaf(3, l.withSignature(sig));
        ex = invalid(g, e.build());
        assertEquals(Reason.BAD_SIGNATURE, ex.reason());
        assertTrue(ex.getMessage().contains("leaf 3"));
    }

    @Test
    void rejectsDuplicateEncryptionKey() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 3);
        HpkePrivateKey shared = g.keys.get(1).leafKey();
        LeafNode dup = g.newMemberLeaf(7, g.custody.generateSignatureKey(suite.signatureScheme()), shared);
        TreeEditor e = g.tree.edit();
        e.addLeaf(dup);
        ValidationException ex = invalid(g, e.build());
        assertEquals(Reason.INVALID_LEAF_NODE, ex.reason());
        assertTrue(ex.getMessage().contains("encryption key"));
        ValidationException add = assertThrows(ValidationException.class, () -> g.validator().validateForAdd(dup, g.tree));
        assertEquals(Reason.INVALID_LEAF_NODE, add.reason());
    }

    @Test
    void rejectsDuplicateSignatureKey() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 3);
        SignatureKey shared = g.signers.get(2);
        LeafNode dup = g.newMemberLeaf(7, shared, g.custody.generateHpkeKey(suite.kem()));
        TreeEditor e = g.tree.edit();
        e.addLeaf(dup);
        ValidationException ex = invalid(g, e.build());
        assertEquals(Reason.INVALID_LEAF_NODE, ex.reason());
        assertTrue(ex.getMessage().contains("signature key"));
        assertEquals(Reason.INVALID_LEAF_NODE,
                assertThrows(ValidationException.class, () -> g.validator().validateForAdd(dup, g.tree)).reason());
    }

    @Test
    void acceptsAFreshKeyPackageLeafAndChecksItsSignature() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 3);
        LeafNode fresh = g.newMemberLeaf(8, g.custody.generateSignatureKey(suite.signatureScheme()),
                g.custody.generateHpkeKey(suite.kem()));
        g.validator().validateForAdd(fresh, g.tree);
        byte[] sig = fresh.signature().clone();
        sig[10] ^= 1;
        assertEquals(Reason.BAD_SIGNATURE, assertThrows(ValidationException.class,
                () -> g.validator().validateForAdd(fresh.withSignature(sig), g.tree)).reason());
    }

    @Test
    void rejectsUpdateThatKeepsTheEncryptionKey() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 3);
        LeafNode current = g.tree.leafNode(1).orElseThrow();
        LeafNode unsigned = new LeafNode(current.encryptionKey(), current.signatureKey(), current.credential(),
                current.capabilities(), LeafNodeSource.UPDATE, Optional.empty(), Optional.empty(), List.of(), new byte[0]);
        LeafNode update = unsigned.withSignature(suite.signWithLabel(g.signers.get(1), "LeafNodeTBS", unsigned.encodeTbs(g.groupId, 1)));
        ValidationException ex = assertThrows(ValidationException.class, () -> g.validator().validateForUpdate(update, 1, g.tree));
        assertEquals(Reason.INVALID_LEAF_NODE, ex.reason());
        // with a new key it is accepted, and only for the leaf it was signed for
        LeafNode unsigned2 = new LeafNode(g.custody.generateHpkeKey(suite.kem()).publicKey(), current.signatureKey(),
                current.credential(), current.capabilities(), LeafNodeSource.UPDATE, Optional.empty(), Optional.empty(),
                List.of(), new byte[0]);
        LeafNode update2 = unsigned2.withSignature(suite.signWithLabel(g.signers.get(1), "LeafNodeTBS", unsigned2.encodeTbs(g.groupId, 1)));
        g.validator().validateForUpdate(update2, 1, g.tree);
        assertEquals(Reason.BAD_SIGNATURE, assertThrows(ValidationException.class,
                () -> LeafNodeValidator.verifySignature(suite, update2, g.groupId, 2)).reason());
    }

    @Test
    void rejectsUnsupportedCredentialTypeExtensionAndExpiredLifetime() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 2);
        SignatureKey signer = g.custody.generateSignatureKey(suite.signatureScheme());
        HpkePrivateKey enc = g.custody.generateHpkeKey(suite.kem());
        Capabilities x509Only = new Capabilities(List.of(1), List.of(1), List.of(), List.of(), List.of(CredentialType.X509));
        LeafNode noBasic = sign(g, signer, new LeafNode(enc.publicKey(), signer.publicKey(), new BasicCredential(new byte[] {1}),
                x509Only, LeafNodeSource.KEY_PACKAGE, Optional.of(new Lifetime(0, Long.MAX_VALUE)), Optional.empty(), List.of(), new byte[0]));
        assertEquals(Reason.INVALID_LEAF_NODE,
                assertThrows(ValidationException.class, () -> g.validator().validateForAdd(noBasic, g.tree)).reason());

        LeafNode unlistedExtension = sign(g, signer, new LeafNode(enc.publicKey(), signer.publicKey(),
                new BasicCredential(new byte[] {1}), TestGroup.capabilities(suite), LeafNodeSource.KEY_PACKAGE,
                Optional.of(new Lifetime(0, Long.MAX_VALUE)), Optional.empty(),
                List.of(new Extension(new ExtensionType(0xff00), new byte[0])), new byte[0]));
        ValidationException ex = assertThrows(ValidationException.class, () -> g.validator().validateForAdd(unlistedExtension, g.tree));
        assertTrue(ex.getMessage().contains("extension"));

        LeafNode expired = sign(g, signer, new LeafNode(enc.publicKey(), signer.publicKey(), new BasicCredential(new byte[] {1}),
                TestGroup.capabilities(suite), LeafNodeSource.KEY_PACKAGE, Optional.of(new Lifetime(0, 1000)), Optional.empty(),
                List.of(), new byte[0]));
        new LeafNodeValidator(suite, g.groupId, GroupRequirements.NONE).validateForAdd(expired, g.tree);
        LeafNodeValidator timed = new LeafNodeValidator(suite, g.groupId, GroupRequirements.NONE.at(2_000_000_000L));
        ex = assertThrows(ValidationException.class, () -> timed.validateForAdd(expired, g.tree));
        assertTrue(ex.getMessage().contains("lifetime"));
    }

    private LeafNode sign(TestGroup g, SignatureKey signer, LeafNode unsigned) throws Exception {
        return unsigned.withSignature(suite.signWithLabel(signer, "LeafNodeTBS", unsigned.encodeTbs(null, -1)));
    }

    @Test
    void rejectsInconsistentUnmergedLeaves() throws Exception {
        TestGroup g = committedGroup();
        int root = TreeMath.root(g.tree.leafCount());
        ParentNode p = g.tree.parentNode(root).orElseThrow();
        // leaf 1 is occupied but was never added after the root was set
        TreeEditor e = g.tree.edit();
        e.setParent(root, new ParentNode(p.encryptionKey(), p.parentHash(), List.of(1L)));
        ValidationException ex = invalid(g, e.build());
        assertEquals(Reason.INVALID_TREE, ex.reason());
        // unsorted lists are rejected outright
        e = g.tree.edit();
        e.setParent(root, new ParentNode(p.encryptionKey(), p.parentHash(), List.of(3L, 1L)));
        assertTrue(invalid(g, e.build()).getMessage().contains("increasing"));
    }

    @Test
    void enforcesRequiredCapabilitiesOfTheGroup() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 2);
        ExtensionType custom = new ExtensionType(0xff00);
        GroupRequirements required = GroupRequirements.fromGroupContextExtensions(List.of(
                new dev.mlscustody.mls.message.RequiredCapabilities(List.of(custom), List.of(), List.of()).toExtension()));
        SignatureKey signer = g.custody.generateSignatureKey(suite.signatureScheme());
        HpkePrivateKey enc = g.custody.generateHpkeKey(suite.kem());
        LeafNode without = g.newMemberLeaf(5, signer, enc);
        LeafNodeValidator validator = new LeafNodeValidator(suite, g.groupId, required);
        ValidationException ex = assertThrows(ValidationException.class, () -> validator.validateForAdd(without, g.tree));
        assertTrue(ex.getMessage().contains("required extension"));
        Capabilities withCustom = new Capabilities(List.of(1), List.of(1), List.of(custom), List.of(), List.of(CredentialType.BASIC));
        LeafNode with = sign(g, signer, new LeafNode(enc.publicKey(), signer.publicKey(), new BasicCredential(new byte[] {5}),
                withCustom, LeafNodeSource.KEY_PACKAGE, Optional.of(new Lifetime(0, Long.MAX_VALUE)), Optional.empty(),
                List.of(), new byte[0]));
        validator.validateForAdd(with, g.tree);
        assertEquals(GroupRequirements.NONE, GroupRequirements.fromGroupContextExtensions(List.of()));
    }
}
