package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SoftwareKeyCustody;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.message.BasicCredential;
import dev.mlscustody.mls.schedule.GroupContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ratchet-tree costs in a full tree, suite 1 (run with {@code -Pbench -Djmh.args="... TreeBench"}):
 * the tree hash after a single-leaf change (incremental, O(log n) nodes re-hashed) against a
 * full recomputation, and creating / processing an UpdatePath at 1000 members.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TreeBench {

    /** A full tree of synthetic members: hashing does not look at whether keys or signatures are valid. */
    @State(Scope.Benchmark)
    public static class HashState {
        @Param({"1000", "10000"})
        public int members;

        RatchetTree tree;
        LeafNode[] replacements = new LeafNode[2];
        int flip;
        final Random random = new Random(1);
        Capabilities capabilities;

        @Setup
        public void setup() throws Exception {
            CipherSuite suite = CipherSuite.of(1);
            capabilities = TestGroup.capabilities(suite);
            List<Optional<Node>> nodes = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                if (i > 0) {
                    nodes.add(Optional.of(new Node.Parent(new ParentNode(bytes(32), bytes(32), List.of()))));
                }
                nodes.add(Optional.of(new Node.Leaf(syntheticLeaf(i))));
            }
            tree = RatchetTree.fromNodes(suite, nodes);
            replacements[0] = syntheticLeaf(-1);
            replacements[1] = syntheticLeaf(-2);
        }

        byte[] bytes(int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }

        LeafNode syntheticLeaf(int i) {
            return new LeafNode(bytes(32), bytes(32), new BasicCredential(("member-" + i).getBytes(StandardCharsets.UTF_8)),
                    capabilities, LeafNodeSource.UPDATE, Optional.empty(),
                    Optional.empty(), List.of(), bytes(64));
        }
    }

    /** Update of one leaf (its direct path blanked, §12.1.2), then the new root tree hash. */
    @Benchmark
    public byte[] treeHashAfterLeafUpdate(HashState s) {
        TreeEditor e = s.tree.edit();
        int leaf = s.random.nextInt(s.members);
        e.updateLeaf(leaf, s.replacements[s.flip ^= 1]);
        return e.build().treeHash();
    }

    /** For comparison: hashing the whole tree from scratch (what a non-incremental tree does per commit). */
    @Benchmark
    public byte[] treeHashFromScratch(HashState s) throws Exception {
        return RatchetTree.fromNodes(s.tree.cipherSuite(), s.tree.toWireNodes()).treeHash();
    }

    /** 1000 real members (suite 1) in a full tree, leaf 0 commits, leaf 1 receives (deepest decryption). */
    @State(Scope.Benchmark)
    public static class PathState {
        CipherSuite suite;
        KeyCustody custody;
        RatchetTree tree;
        PrivateTreeKeys committer;
        PrivateTreeKeys receiver;
        SignatureKey signer;
        TreeKem.CreatedPath created;
        LeafNodeValidator validator;
        final byte[] groupId = "bench-group".getBytes(StandardCharsets.UTF_8);
        TreeKem.ProvisionalGroupContext context;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            suite = CipherSuite.of(1);
            custody = SoftwareKeyCustody.inMemory();
            TestGroup g = new TestGroup(suite);
            List<Optional<Node>> nodes = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                if (i > 0) {
                    nodes.add(Optional.of(new Node.Parent(new ParentNode(suite.generateHpkeKey().publicKey(),
                            new byte[32], List.of()))));
                }
                SignatureKey sig = custody.generateSignatureKey(suite.signatureScheme());
                HpkePrivateKey enc = custody.generateHpkeKey(suite.kem());
                nodes.add(Optional.of(new Node.Leaf(g.newMemberLeaf(i, sig, enc))));
                if (i == 0) {
                    signer = sig;
                    committer = PrivateTreeKeys.ofLeaf(suite, 0, enc);
                } else if (i == 1) {
                    receiver = PrivateTreeKeys.ofLeaf(suite, 1, enc);
                }
            }
            tree = RatchetTree.fromNodes(suite, nodes);
            validator = new LeafNodeValidator(suite, groupId, GroupRequirements.NONE);
            context = treeHash -> new GroupContext(ProtocolVersion.MLS10, 1, groupId, 1, treeHash, new byte[32], List.of())
                    .toBytes();
            created = create();
        }

        TreeKem.CreatedPath create() throws Exception {
            return TreeKem.createUpdatePath(tree, committer, TreeKem.LeafContent.of(tree.leafNode(0).orElseThrow()), signer,
                    custody, groupId, Set.of(), context);
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public TreeKem.CreatedPath createUpdatePath1000(PathState s) throws Exception {
        TreeKem.CreatedPath c = s.create();
        s.custody.destroy(c.privateKeys().leafKeyId());
        return c;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public TreeKem.ProcessedPath processUpdatePath1000(PathState s) throws Exception {
        return TreeKem.processUpdatePath(s.tree, 0, s.created.updatePath(), s.receiver, s.validator, Set.of(), s.context);
    }

    /**
     * A 1000-member group whose parents were all set by real commits (so parent hashes are valid):
     * the validation a joiner runs (§12.4.3.1), one signature verification per leaf.
     */
    @State(Scope.Benchmark)
    public static class JoinState {
        RatchetTree tree;
        TestGroup group;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            group = TestGroup.withMembers(CipherSuite.of(1), 1000);
            RatchetTree t = group.tree;
            for (int committer = 0; committer < 1000; committer += 2) {
                t = TreeKem.createUpdatePath(t, group.keys.get(committer), TreeKem.LeafContent.of(t.leafNode(committer).orElseThrow()),
                        group.signers.get(committer), group.custody, group.groupId, Set.of(), group.context()).tree();
            }
            tree = t;
            TreeValidator.validate(tree, group.groupId, tree.treeHash(), GroupRequirements.NONE);
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RatchetTree validateTreeOnJoin1000(JoinState s) throws Exception {
        RatchetTree decoded = RatchetTree.decode(s.tree.cipherSuite(), s.tree.encode());
        TreeValidator.validate(decoded, s.group.groupId, s.tree.treeHash(), GroupRequirements.NONE);
        return decoded;
    }
}
