package dev.mlscustody.mls.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.HpkeCiphertext;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.SignatureKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TreeKEM end to end, and every way an UpdatePath can be rejected without changing anything. */
class TreeKemTest {
    private final CipherSuite suite = CipherSuite.of(1);

    TreeKemTest() throws Exception {
    }

    @ParameterizedTest(name = "suite {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void everyMemberCommitsAndEveryOtherAgrees(int suiteId) throws Exception {
        TestGroup g = TestGroup.withMembers(CipherSuite.of(suiteId), 5);
        for (int committer : new int[] {0, 3, 4, 1}) {
            byte[] commitSecret = g.commit(committer);
            assertEquals(CipherSuite.of(suiteId).hashLength(), commitSecret.length);
            ParentHashes.verifyTree(g.tree);
            TreeValidator.validate(g.tree, g.groupId, g.tree.treeHash(), GroupRequirements.NONE);
        }
        // tree invariant (§7.4): each member knows exactly the path secrets of its non-blank ancestors
        for (PrivateTreeKeys k : g.keys) {
            List<Integer> expected = new ArrayList<>();
            for (int x : TreeMath.directPath(TreeMath.leafToNode(k.ownLeaf()), g.tree.leafCount())) {
                if (!g.tree.isBlank(x)) {
                    expected.add(x);
                }
            }
            expected.sort(null);
            assertEquals(expected, new ArrayList<>(k.nodesWithSecrets()), "secrets of leaf " + k.ownLeaf());
            for (int x : expected) {
                assertArrayEquals(g.tree.encryptionKey(x), k.privateKey(x).orElseThrow().publicKey());
            }
        }
    }

    @Test
    void commitReplacesLeafKeyAndReportsTheOldOne() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 3);
        PrivateTreeKeys before = g.keys.get(1);
        TreeKem.CreatedPath created = g.createPath(1);
        assertEquals(before.leafKeyId(), created.supersededLeafKey());
        assertNotEquals(before.leafKeyId(), created.privateKeys().leafKeyId());
        assertArrayEquals(created.privateKeys().leafKey().publicKey(),
                created.tree().leafNode(1).orElseThrow().encryptionKey());
        assertEquals(LeafNodeSource.COMMIT, created.updatePath().leafNode().source());
        // the new leaf key lives in custody and is found again by id
        assertArrayEquals(created.privateKeys().leafKey().publicKey(),
                g.custody.findHpkeKey(created.privateKeys().leafKeyId()).publicKey());
    }

    @Test
    void newMembersAreExcludedFromThePathEncryption() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 3);
        g.commit(0);
        TreeEditor e = g.tree.edit();
        SignatureKey signer = g.custody.generateSignatureKey(suite.signatureScheme());
        HpkePrivateKey enc = g.custody.generateHpkeKey(suite.kem());
        int added = e.addLeaf(g.newMemberLeaf(9, signer, enc));
        assertEquals(3, added);
        RatchetTree provisional = e.build();
        TreeKem.CreatedPath created = TreeKem.createUpdatePath(provisional, g.keys.get(0),
                TreeKem.LeafContent.of(provisional.leafNode(0).orElseThrow()), g.signers.get(0), g.custody, g.groupId,
                Set.of(added), g.context());
        // path of leaf 0: node 1 (to leaf 1), node 3 (to node 5 = leaf 2 only, leaf 3 excluded)
        assertEquals(2, created.updatePath().nodes().size());
        assertEquals(1, created.updatePath().nodes().get(1).encryptedPathSecret().size());
        TreeKem.ProcessedPath processed = TreeKem.processUpdatePath(provisional, 0, created.updatePath(), g.keys.get(2),
                g.validator(), Set.of(added), g.context());
        assertArrayEquals(created.commitSecret(), processed.commitSecret());
        // processing against the wrong new-member set sees the wrong number of ciphertexts
        ValidationException ex = assertThrows(ValidationException.class, () -> TreeKem.processUpdatePath(provisional, 0,
                created.updatePath(), g.keys.get(2), g.validator(), Set.of(), g.context()));
        assertEquals(Reason.INVALID_UPDATE_PATH, ex.reason());
    }

    @Test
    void privateKeysEncodeAsPathSecretsAndKeyIdOnly() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 4);
        g.commit(3);
        PrivateTreeKeys k = g.keys.get(0);
        byte[] encoded = k.encode();
        PrivateTreeKeys decoded = PrivateTreeKeys.decode(suite, encoded, g.custody);
        assertEquals(k.ownLeaf(), decoded.ownLeaf());
        assertEquals(k.leafKeyId(), decoded.leafKeyId());
        assertEquals(new ArrayList<>(k.nodesWithSecrets()), new ArrayList<>(decoded.nodesWithSecrets()));
        for (int x : k.nodesWithSecrets()) {
            assertArrayEquals(k.pathSecret(x).orElseThrow(), decoded.pathSecret(x).orElseThrow());
        }
        assertFalse(k.toString().contains(java.util.HexFormat.of().formatHex(k.pathSecret(3).orElseThrow())));
        // the decoded state keeps working: it processes the next commit
        g.keys.set(0, decoded);
        g.commit(1);
    }

    // ---- negative cases: typed exception, inputs unchanged ----

    private record Fixture(TestGroup group, TreeKem.CreatedPath created, int sender, int receiver) {
        ValidationException reject(UpdatePath path) {
            byte[] treeBefore = group.tree.encode();
            String keysBefore = Arrays.toString(group.keys.get(receiver).encode());
            ValidationException ex = assertThrows(ValidationException.class, () -> TreeKem.processUpdatePath(group.tree,
                    sender, path, group.keys.get(receiver), group.validator(), Set.of(), group.context()));
            assertArrayEquals(treeBefore, group.tree.encode(), "tree unchanged");
            assertEquals(keysBefore, Arrays.toString(group.keys.get(receiver).encode()), "private keys unchanged");
            return ex;
        }
    }

    /** Leaf 0 commits in a 5-member group where paths already exist; leaf 4 receives. */
    private Fixture fixture() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 5);
        g.commit(4);
        g.commit(2);
        return new Fixture(g, g.createPath(0), 0, 4);
    }

    private static LeafNode resign(TestGroup g, int leaf, LeafNode l) throws Exception {
        LeafNode unsigned = l.withSignature(new byte[0]);
        return unsigned.withSignature(g.suite.signWithLabel(g.signers.get(leaf), "LeafNodeTBS", unsigned.encodeTbs(g.groupId, leaf)));
    }

    @Test
    void rejectsBadParentHash() throws Exception {
        Fixture f = fixture();
        LeafNode l = f.created.updatePath().leafNode();
        byte[] ph = l.parentHash().orElseThrow().clone();
        ph[0] ^= 1;
        LeafNode forged = resign(f.group, f.sender, new LeafNode(l.encryptionKey(), l.signatureKey(), l.credential(),
                l.capabilities(), l.source(), l.lifetime(), java.util.Optional.of(ph), l.extensions(), l.signature()));
        ValidationException ex = f.reject(new UpdatePath(forged, f.created.updatePath().nodes()));
        assertEquals(Reason.INVALID_UPDATE_PATH, ex.reason());
        assertTrue(ex.getMessage().contains("parent hash"));
    }

    @Test
    void rejectsBadLeafSignature() throws Exception {
        Fixture f = fixture();
        LeafNode l = f.created.updatePath().leafNode();
        byte[] sig = l.signature().clone();
        sig[5] ^= 1;
        ValidationException ex = f.reject(new UpdatePath(l.withSignature(sig), f.created.updatePath().nodes()));
        assertEquals(Reason.BAD_SIGNATURE, ex.reason());
    }

    @Test
    void rejectsLeafWithWrongSource() throws Exception {
        Fixture f = fixture();
        LeafNode l = f.created.updatePath().leafNode();
        LeafNode update = resign(f.group, f.sender, new LeafNode(l.encryptionKey(), l.signatureKey(), l.credential(),
                l.capabilities(), LeafNodeSource.UPDATE, l.lifetime(), java.util.Optional.empty(), l.extensions(), l.signature()));
        assertEquals(Reason.INVALID_LEAF_NODE, f.reject(new UpdatePath(update, f.created.updatePath().nodes())).reason());
    }

    @Test
    void rejectsPathOfWrongLength() throws Exception {
        Fixture f = fixture();
        List<UpdatePathNode> nodes = f.created.updatePath().nodes();
        ValidationException ex = f.reject(new UpdatePath(f.created.updatePath().leafNode(), nodes.subList(0, nodes.size() - 1)));
        assertEquals(Reason.INVALID_UPDATE_PATH, ex.reason());
        List<UpdatePathNode> longer = new ArrayList<>(nodes);
        longer.add(nodes.get(0));
        assertEquals(Reason.INVALID_UPDATE_PATH, f.reject(new UpdatePath(f.created.updatePath().leafNode(), longer)).reason());
    }

    @Test
    void rejectsWrongNumberOfCiphertexts() throws Exception {
        Fixture f = fixture();
        List<UpdatePathNode> nodes = new ArrayList<>(f.created.updatePath().nodes());
        UpdatePathNode top = nodes.get(nodes.size() - 1);
        List<HpkeCiphertext> more = new ArrayList<>(top.encryptedPathSecret());
        more.add(more.get(0));
        nodes.set(nodes.size() - 1, new UpdatePathNode(top.encryptionKey(), more));
        assertEquals(Reason.INVALID_UPDATE_PATH, f.reject(new UpdatePath(f.created.updatePath().leafNode(), nodes)).reason());
    }

    /** The index in the path and in the resolution at which leaf 4 decrypts. */
    private static int[] receiverSlot(Fixture f) throws Exception {
        List<TreeView.PathStep> path = f.group.tree.filteredDirectPath(f.sender);
        for (int i = 0; i < path.size(); i++) {
            if (Subtrees.contains(path.get(i).copathChild(), TreeMath.leafToNode(f.receiver))) {
                List<Integer> res = f.group.tree.resolution(path.get(i).copathChild());
                for (int j = 0; j < res.size(); j++) {
                    if (f.group.keys.get(f.receiver).privateKey(res.get(j)).isPresent()) {
                        return new int[] {i, j};
                    }
                }
            }
        }
        throw new AssertionError("no slot");
    }

    private static UpdatePath withCiphertext(Fixture f, int i, int j, HpkeCiphertext ct) {
        List<UpdatePathNode> nodes = new ArrayList<>(f.created.updatePath().nodes());
        List<HpkeCiphertext> cts = new ArrayList<>(nodes.get(i).encryptedPathSecret());
        cts.set(j, ct);
        nodes.set(i, new UpdatePathNode(nodes.get(i).encryptionKey(), cts));
        return new UpdatePath(f.created.updatePath().leafNode(), nodes);
    }

    @Test
    void rejectsUndecryptablePathSecret() throws Exception {
        Fixture f = fixture();
        int[] slot = receiverSlot(f);
        HpkeCiphertext ct = f.created.updatePath().nodes().get(slot[0]).encryptedPathSecret().get(slot[1]);
        byte[] body = ct.ciphertext().clone();
        body[0] ^= 1;
        ValidationException ex = f.reject(withCiphertext(f, slot[0], slot[1], new HpkeCiphertext(ct.kemOutput(), body)));
        assertEquals(Reason.INVALID_UPDATE_PATH, ex.reason());
        assertTrue(ex.getMessage().contains("decrypted"));
    }

    @Test
    void rejectsPathSecretWhoseKeyDoesNotMatch() throws Exception {
        Fixture f = fixture();
        int[] slot = receiverSlot(f);
        List<TreeView.PathStep> path = f.group.tree.filteredDirectPath(f.sender);
        int target = f.group.tree.resolution(path.get(slot[0]).copathChild()).get(slot[1]);
        byte[] context = f.group.context().encode(f.created.tree().treeHash());
        // a well-formed encryption, to the right key, of a path secret that derives other keys
        HpkeCiphertext ct = suite.encryptWithLabel(f.group.tree.encryptionKey(target), "UpdatePathNode", context,
                suite.randomBytes(suite.hashLength()));
        ValidationException ex = f.reject(withCiphertext(f, slot[0], slot[1], ct));
        assertEquals(Reason.INVALID_UPDATE_PATH, ex.reason());
        assertTrue(ex.getMessage().contains("does not match"));
    }

    @Test
    void tokenFailureIsReportedAsCustodyError() throws Exception {
        // a receiver whose leaf key was destroyed in custody: the DH step fails with a typed custody error
        TestGroup g = TestGroup.withMembers(suite, 2);
        g.custody.destroy(g.keys.get(1).leafKeyId());
        TreeKem.CreatedPath created = g.createPath(0);
        KeyCustodyException ex = assertThrows(KeyCustodyException.class, () -> TreeKem.processUpdatePath(g.tree, 0,
                created.updatePath(), g.keys.get(1), g.validator(), Set.of(), g.context()));
        assertEquals(g.keys.get(1).leafKeyId(), ex.keyId().orElseThrow());
    }

    @Test
    void failedCreationDestroysTheFreshLeafKey() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 3);
        List<dev.mlscustody.mls.crypto.KeyId> generated = new ArrayList<>();
        List<dev.mlscustody.mls.crypto.KeyId> destroyed = new ArrayList<>();
        dev.mlscustody.mls.crypto.KeyCustody recording = new dev.mlscustody.mls.crypto.KeyCustody() {
            public SignatureKey generateSignatureKey(dev.mlscustody.mls.crypto.SignatureScheme s) throws KeyCustodyException {
                return g.custody.generateSignatureKey(s);
            }
            public HpkePrivateKey generateHpkeKey(dev.mlscustody.mls.crypto.KemId kem) throws KeyCustodyException {
                HpkePrivateKey k = g.custody.generateHpkeKey(kem);
                generated.add(k.id());
                return k;
            }
            public SignatureKey findSignatureKey(dev.mlscustody.mls.crypto.KeyId id) throws KeyCustodyException {
                return g.custody.findSignatureKey(id);
            }
            public HpkePrivateKey findHpkeKey(dev.mlscustody.mls.crypto.KeyId id) throws KeyCustodyException {
                return g.custody.findHpkeKey(id);
            }
            public void destroy(dev.mlscustody.mls.crypto.KeyId id) throws KeyCustodyException {
                destroyed.add(id);
                g.custody.destroy(id);
            }
        };
        SignatureKey real = g.signers.get(0);
        SignatureKey failing = new SignatureKey() {
            public dev.mlscustody.mls.crypto.SignatureScheme scheme() {
                return real.scheme();
            }
            public byte[] sign(byte[] message) throws KeyCustodyException {
                throw new KeyCustodyException(KeyCustodyException.Reason.TOKEN_UNAVAILABLE, "sign", real.id(), null);
            }
            public dev.mlscustody.mls.crypto.KeyId id() {
                return real.id();
            }
            public byte[] publicKey() {
                return real.publicKey();
            }
        };
        assertThrows(KeyCustodyException.class, () -> TreeKem.createUpdatePath(g.tree, g.keys.get(0),
                TreeKem.LeafContent.of(g.tree.leafNode(0).orElseThrow()), failing, recording, g.groupId, Set.of(), g.context()));
        assertEquals(1, generated.size());
        assertEquals(generated, destroyed);
    }

    @Test
    void joinerDerivesKeysFromThePathSecretAndProcessesTheNextCommit() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 5);
        g.commit(2);
        // leaf 1 commits an Add of a new member at leaf 5
        TreeEditor e = g.tree.edit();
        SignatureKey signer = g.custody.generateSignatureKey(suite.signatureScheme());
        HpkePrivateKey enc = g.custody.generateHpkeKey(suite.kem());
        int joiner = e.addLeaf(g.newMemberLeaf(5, signer, enc));
        RatchetTree provisional = e.build();
        TreeKem.CreatedPath created = TreeKem.createUpdatePath(provisional, g.keys.get(1),
                TreeKem.LeafContent.of(provisional.leafNode(1).orElseThrow()), g.signers.get(1), g.custody, g.groupId,
                Set.of(joiner), g.context());
        int lca = TreeMath.commonAncestor(TreeMath.leafToNode(joiner), TreeMath.leafToNode(1), created.tree().leafCount());
        byte[] pathSecret = created.privateKeys().pathSecret(lca).orElseThrow();

        PrivateTreeKeys joinerKeys = TreeKem.joinerKeys(created.tree(), joiner, enc, 1, java.util.Optional.of(pathSecret));
        assertEquals(List.of(lca), new ArrayList<>(joinerKeys.nodesWithSecrets()));

        byte[] wrong = pathSecret.clone();
        wrong[0] ^= 1;
        ValidationException ex = assertThrows(ValidationException.class,
                () -> TreeKem.joinerKeys(created.tree(), joiner, enc, 1, java.util.Optional.of(wrong)));
        assertEquals(Reason.INVALID_WELCOME, ex.reason());

        // the others process the commit, then everyone (joiner included) follows a commit by leaf 0
        List<PrivateTreeKeys> next = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            next.add(i == 1 ? created.privateKeys() : TreeKem.processUpdatePath(provisional, 1, created.updatePath(),
                    g.keys.get(i), g.validator(), Set.of(joiner), g.context()).privateKeys());
        }
        next.add(joinerKeys);
        g.tree = created.tree();
        g.keys.clear();
        g.keys.addAll(next);
        g.signers.add(signer);
        g.commit(0);
        g.commit(joiner);
    }

    @Test
    void singleMemberCommitHasAnEmptyPath() throws Exception {
        TestGroup g = TestGroup.withMembers(suite, 1);
        TreeKem.CreatedPath created = g.createPath(0);
        assertTrue(created.updatePath().nodes().isEmpty());
        assertEquals(0, created.updatePath().leafNode().parentHash().orElseThrow().length);
        assertEquals(suite.hashLength(), created.commitSecret().length);
        TreeValidator.validate(created.tree(), g.groupId, created.tree().treeHash(), GroupRequirements.NONE);
    }
}
