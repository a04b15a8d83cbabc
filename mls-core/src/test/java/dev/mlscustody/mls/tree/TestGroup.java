package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SoftwareKeyCustody;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.message.BasicCredential;
import dev.mlscustody.mls.message.CredentialType;
import dev.mlscustody.mls.schedule.GroupContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A small group for tests: members with custody keys, a public tree, and each member's private
 * tree keys, driven through real TreeKEM commits.
 */
final class TestGroup {
    final CipherSuite suite;
    final KeyCustody custody = SoftwareKeyCustody.inMemory();
    final byte[] groupId = "test-group".getBytes(StandardCharsets.UTF_8);
    final List<SignatureKey> signers = new ArrayList<>();
    final List<PrivateTreeKeys> keys = new ArrayList<>();
    RatchetTree tree;

    TestGroup(CipherSuite suite) {
        this.suite = suite;
    }

    static Capabilities capabilities(CipherSuite suite) {
        return new Capabilities(List.of(1), List.of(suite.id()), List.of(), List.of(), List.of(CredentialType.BASIC));
    }

    /** A KeyPackage-source LeafNode for a new member with fresh custody keys. */
    LeafNode newMemberLeaf(int memberNumber, SignatureKey signer, HpkePrivateKey encryption) throws CryptoException {
        LeafNode unsigned = new LeafNode(encryption.publicKey(), signer.publicKey(),
                new BasicCredential(("member-" + memberNumber).getBytes(StandardCharsets.UTF_8)), capabilities(suite),
                LeafNodeSource.KEY_PACKAGE, Optional.of(new Lifetime(0, Long.MAX_VALUE)), Optional.empty(), List.of(),
                new byte[0]);
        return unsigned.withSignature(suite.signWithLabel(signer, "LeafNodeTBS", unsigned.encodeTbs(null, -1)));
    }

    /** A group of {@code n} members added one by one (no commits yet: no parent nodes). */
    static TestGroup withMembers(CipherSuite suite, int n) throws CryptoException {
        TestGroup g = new TestGroup(suite);
        TreeEditor editor = null;
        for (int i = 0; i < n; i++) {
            SignatureKey signer = g.custody.generateSignatureKey(suite.signatureScheme());
            HpkePrivateKey enc = g.custody.generateHpkeKey(suite.kem());
            LeafNode leaf = g.newMemberLeaf(i, signer, enc);
            int index;
            if (editor == null) {
                g.tree = RatchetTree.withCreator(suite, leaf);
                editor = g.tree.edit();
                index = 0;
            } else {
                index = editor.addLeaf(leaf);
            }
            g.signers.add(signer);
            g.keys.add(PrivateTreeKeys.ofLeaf(suite, index, enc));
        }
        g.tree = editor.build();
        return g;
    }

    TreeKem.ProvisionalGroupContext context() {
        return treeHash -> new GroupContext(ProtocolVersion.MLS10, suite.id(), groupId, 7, treeHash, new byte[32], List.of())
                .toBytes();
    }

    LeafNodeValidator validator() {
        return new LeafNodeValidator(suite, groupId, GroupRequirements.NONE);
    }

    TreeKem.CreatedPath createPath(int committer) throws CryptoException {
        return TreeKem.createUpdatePath(tree, keys.get(committer),
                TreeKem.LeafContent.of(tree.leafNode(committer).orElseThrow()), signers.get(committer), custody, groupId,
                Set.of(), context());
    }

    /** {@code committer} commits with a path; every other member processes it; all states advance. */
    byte[] commit(int committer) throws CryptoException, ValidationException {
        TreeKem.CreatedPath created = createPath(committer);
        List<PrivateTreeKeys> next = new ArrayList<>(keys);
        next.set(committer, created.privateKeys());
        for (int i = 0; i < keys.size(); i++) {
            if (i == committer || tree.isBlank(TreeMath.leafToNode(i))) {
                continue;
            }
            TreeKem.ProcessedPath processed = TreeKem.processUpdatePath(tree, committer, created.updatePath(), keys.get(i),
                    validator(), Set.of(), context());
            if (!java.util.Arrays.equals(processed.commitSecret(), created.commitSecret())) {
                throw new AssertionError("commit secret differs at leaf " + i);
            }
            next.set(i, processed.privateKeys());
        }
        keys.clear();
        keys.addAll(next);
        tree = created.tree();
        return created.commitSecret();
    }
}
