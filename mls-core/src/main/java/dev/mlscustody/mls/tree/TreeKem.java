package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.HpkeCiphertext;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.message.Credential;
import dev.mlscustody.mls.tree.PrivateTreeKeys.NodeSecret;
import dev.mlscustody.mls.message.Extension;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TreeKEM, RFC 9420 §7.4–7.6: creating the UpdatePath of a Commit and processing one from another
 * member. The steps work on the {@link TreeEditor} a commit is being staged in (the provisional
 * tree, §12.4.2), so the group engine applies proposals and the path to one private copy and a
 * rejected commit leaves the caller's state as it was:
 * <ul>
 * <li>create: {@link #draftPath} (fresh path secrets, parent nodes set), the caller signs and sets
 * its new LeafNode with the draft's parent hash, then {@link #encryptPath} (§7.6);</li>
 * <li>process: {@link #mergeUpdatePath} (shape, fresh keys, parent hash, §7.9), then
 * {@link #decryptPath} with the receiver's {@link PrivateTreeKeys}.</li>
 * </ul>
 * {@link #createUpdatePath} and {@link #processUpdatePath} do the whole of each on a frozen tree.
 */
public final class TreeKem {
    static final String UPDATE_PATH_NODE = "UpdatePathNode";

    private TreeKem() {
    }

    /**
     * The GroupContext an UpdatePath is encrypted under (§7.6, §12.4.2): the provisional
     * GroupContext, whose tree_hash is that of the tree after the path is merged.
     */
    @FunctionalInterface
    public interface ProvisionalGroupContext {
        /** The encoded GroupContext for the given tree hash. */
        byte[] encode(byte[] treeHash);
    }

    /** What the committer's LeafNode carries besides keys and parent hash (§7.5, may differ from the old leaf). */
    public record LeafContent(Credential credential, Capabilities capabilities, List<Extension> extensions) {
        public LeafContent {
            extensions = List.copyOf(extensions);
        }

        public static LeafContent of(LeafNode leaf) {
            return new LeafContent(leaf.credential(), leaf.capabilities(), leaf.extensions());
        }
    }

    /**
     * A created UpdatePath, staged: the tree after it, the commit secret, the committer's new
     * private state, and the id of the leaf key it supersedes (to destroy once the new state is durable).
     */
    public record CreatedPath(RatchetTree tree, UpdatePath updatePath, byte[] commitSecret,
                              PrivateTreeKeys privateKeys, KeyId supersededLeafKey) {
        @Override
        public String toString() {
            return "CreatedPath[" + updatePath.nodes().size() + " path nodes, superseded " + supersededLeafKey + "]";
        }
    }

    /**
     * A processed UpdatePath, staged: the tree after it, the commit secret, the receiver's new
     * private state, and the node at which the receiver learned its first path secret.
     */
    public record ProcessedPath(RatchetTree tree, byte[] commitSecret, PrivateTreeKeys privateKeys, int decryptedAt) {
        @Override
        public String toString() {
            return "ProcessedPath[decryptedAt=" + decryptedAt + "]";
        }
    }

    /**
     * The first half of creating a path (§7.4, §7.5): fresh path secrets up the filtered direct
     * path, their public keys, the parent hash the new LeafNode must carry, and the commit secret.
     */
    public record PathDraft(List<TreeView.PathStep> steps, List<byte[]> pathSecrets, List<byte[]> publicKeys,
                            byte[] leafParentHash, byte[] commitSecret) {
        public PathDraft {
            steps = List.copyOf(steps);
            pathSecrets = List.copyOf(pathSecrets);
            publicKeys = List.copyOf(publicKeys);
        }

        /** The committer's new node secrets, node index -> secret and public key. */
        public Map<Integer, NodeSecret> nodeSecrets() {
            Map<Integer, NodeSecret> out = new LinkedHashMap<>();
            for (int i = 0; i < steps.size(); i++) {
                out.put(steps.get(i).node(), new NodeSecret(pathSecrets.get(i), publicKeys.get(i)));
            }
            return out;
        }

        /**
         * §12.4.3.1: the path secret a new member at {@code newLeaf} gets in its Welcome, the one of
         * the lowest node of the path above it; empty if none is.
         */
        public Optional<byte[]> pathSecretFor(int newLeaf) {
            int newNode = TreeMath.leafToNode(newLeaf);
            for (int i = 0; i < steps.size(); i++) {
                if (Subtrees.contains(steps.get(i).node(), newNode)) {
                    return Optional.of(pathSecrets.get(i).clone());
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "PathDraft[" + steps.size() + " path nodes, secrets redacted]";
        }
    }

    /** The path secrets a receiver learned (node -> secret and public key), the commit secret, and where it started. */
    public record DecryptedPath(Map<Integer, NodeSecret> nodeSecrets, byte[] commitSecret, int decryptedAt) {
        @Override
        public String toString() {
            return "DecryptedPath[decryptedAt=" + decryptedAt + ", secrets redacted]";
        }
    }

    /**
     * §7.4 / §7.5, first half of creating a path for {@code leaf}: fresh path secrets up the
     * filtered direct path, the derived parent keys set into {@code editor} with their parent
     * hashes (the direct path blanked first). The caller then signs its new LeafNode with
     * {@link PathDraft#leafParentHash()}, sets it, and calls {@link #encryptPath}.
     */
    public static PathDraft draftPath(TreeEditor editor, int leaf) throws CryptoException {
        CipherSuite suite = editor.cipherSuite();
        List<TreeView.PathStep> path = editor.filteredDirectPath(leaf);
        // §7.4: path_secret[0] random, then DeriveSecret(., "path") up the filtered direct path
        List<byte[]> secrets = new ArrayList<>(path.size());
        List<byte[]> publicKeys = new ArrayList<>(path.size());
        byte[] secret = suite.randomBytes(suite.hashLength());
        for (int i = 0; i < path.size(); i++) {
            secrets.add(secret);
            publicKeys.add(PathSecrets.nodeKey(suite, secret).publicKey());
            secret = PathSecrets.next(suite, secret);
        }
        byte[] leafParentHash = mergePath(editor, leaf, path, publicKeys);
        return new PathDraft(path, secrets, publicKeys, leafParentHash, secret);
    }

    /**
     * §7.6: encrypts each path secret of {@code draft} to the resolution of its copath child in
     * {@code after} (the tree with the new LeafNode set), without the {@code newMembers}.
     */
    public static UpdatePath encryptPath(TreeView after, PathDraft draft, LeafNode leaf, Set<Integer> newMembers,
                                         byte[] groupContext) throws CryptoException {
        CipherSuite suite = after.cipherSuite();
        List<UpdatePathNode> nodes = new ArrayList<>(draft.steps().size());
        for (int i = 0; i < draft.steps().size(); i++) {
            List<HpkeCiphertext> cts = new ArrayList<>();
            for (int r : after.resolution(draft.steps().get(i).copathChild(), newMembers)) {
                cts.add(suite.encryptWithLabel(after.encryptionKey(r), UPDATE_PATH_NODE, groupContext,
                        draft.pathSecrets().get(i)));
            }
            nodes.add(new UpdatePathNode(draft.publicKeys().get(i), cts));
        }
        return new UpdatePath(leaf, nodes);
    }

    /**
     * Creates the committer's UpdatePath (§7.4, §7.5, §7.6) on a frozen tree.
     *
     * @param provisional the tree with this Commit's proposals applied
     * @param own         the committer's private keys (leaf index, current leaf key)
     * @param content     credential, capabilities and extensions of the new LeafNode
     * @param signer      the committer's signature key handle; its public key goes into the leaf
     * @param custody     where the fresh leaf HPKE key is generated (it never leaves custody)
     * @param groupId     for the LeafNodeTBS
     * @param newMembers  leaf indices added by this Commit, excluded from the encryption (§7.6)
     * @param context     the provisional GroupContext for the post-merge tree hash
     */
    public static CreatedPath createUpdatePath(RatchetTree provisional, PrivateTreeKeys own, LeafContent content,
                                               SignatureKey signer, KeyCustody custody, byte[] groupId,
                                               Set<Integer> newMembers, ProvisionalGroupContext context)
            throws CryptoException {
        CipherSuite suite = provisional.cipherSuite();
        int leaf = own.ownLeaf();
        if (provisional.leafNode(leaf).isEmpty()) {
            throw new IllegalArgumentException("committer leaf " + leaf + " is blank");
        }
        TreeEditor editor = provisional.edit();
        PathDraft draft = draftPath(editor, leaf);
        HpkePrivateKey newLeafKey = custody.generateHpkeKey(suite.kem());
        try {
            LeafNode unsigned = new LeafNode(newLeafKey.publicKey(), signer.publicKey(), content.credential(),
                    content.capabilities(), LeafNodeSource.COMMIT, Optional.empty(), Optional.of(draft.leafParentHash()),
                    content.extensions(), new byte[0]);
            LeafNode newLeaf = unsigned.signedWith(suite, signer, groupId, leaf);
            editor.setLeaf(leaf, newLeaf);
            RatchetTree after = editor.build();
            UpdatePath path = encryptPath(after, draft, newLeaf, newMembers, context.encode(after.treeHash()));
            PrivateTreeKeys keys = own.next(after, newLeafKey, draft.nodeSecrets());
            return new CreatedPath(after, path, draft.commitSecret(), keys, own.leafKeyId());
        } catch (CryptoException | RuntimeException e) {
            // nothing will ever refer to the fresh key: do not leave it behind in the token
            try {
                custody.destroy(newLeafKey.id());
            } catch (KeyCustodyException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * §7.5 "merges UpdatePath into the tree": blanks the sender's direct path, sets each node of
     * the filtered direct path (public key, no unmerged leaves, parent hash computed root to leaf,
     * §7.9) and returns the parent hash the sender's LeafNode must carry.
     */
    private static byte[] mergePath(TreeEditor editor, int leaf, List<TreeView.PathStep> path, List<byte[]> publicKeys) {
        CipherSuite suite = editor.cipherSuite();
        editor.blankDirectPath(leaf);
        byte[] above = new byte[0];
        for (int i = path.size() - 1; i >= 0; i--) {
            TreeView.PathStep step = path.get(i);
            editor.setParent(step.node(), new ParentNode(publicKeys.get(i), above, List.of()));
            // P's unmerged leaves are empty, so the original sibling tree hash is the current one
            above = ParentHashes.hash(suite, publicKeys.get(i), above, editor.treeHash(step.copathChild()));
        }
        return above;
    }

    /**
     * §7.5, §12.4.2: merges the public part of {@code updatePath} from {@code sender} into
     * {@code editor} (the provisional tree) after checking its shape (one node per filtered-path
     * node, one ciphertext per resolution member, {@code newMembers} excluded) and that none of
     * its public keys is already in the tree; then checks the LeafNode's parent hash (§7.9) and
     * sets the leaf. The LeafNode itself is validated by the caller (§7.3).
     *
     * @return the sender's filtered direct path, for {@link #decryptPath}
     * @throws ValidationException INVALID_UPDATE_PATH
     */
    public static List<TreeView.PathStep> mergeUpdatePath(TreeEditor editor, int sender, UpdatePath updatePath,
                                                           Set<Integer> newMembers) throws ValidationException {
        List<TreeView.PathStep> path = editor.filteredDirectPath(sender);
        List<UpdatePathNode> nodes = updatePath.nodes();
        if (nodes.size() != path.size()) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH,
                    "UpdatePath has " + nodes.size() + " nodes, the filtered direct path has " + path.size());
        }
        for (int i = 0; i < path.size(); i++) {
            int expected = editor.resolution(path.get(i).copathChild(), newMembers).size();
            if (nodes.get(i).encryptedPathSecret().size() != expected) {
                throw new ValidationException(Reason.INVALID_UPDATE_PATH, "UpdatePath node " + i + " has "
                        + nodes.get(i).encryptedPathSecret().size() + " ciphertexts, the resolution has " + expected);
            }
        }
        checkKeysFresh(editor, sender, updatePath);
        List<byte[]> publicKeys = nodes.stream().map(UpdatePathNode::encryptionKey).toList();
        byte[] expectedParentHash = mergePath(editor, sender, path, publicKeys);
        LeafNode newLeaf = updatePath.leafNode();
        if (!Arrays.equals(expectedParentHash, newLeaf.parentHash().orElse(null))) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH, "parent hash of the committer's LeafNode does not match the path");
        }
        editor.setLeaf(sender, newLeaf);
        return path;
    }

    /** §12.4.2: the UpdatePath's public keys are distinct and none is already in the tree. */
    private static void checkKeysFresh(TreeView tree, int sender, UpdatePath path) throws ValidationException {
        Set<ByteBuffer> pathKeys = new HashSet<>();
        pathKeys.add(ByteBuffer.wrap(path.leafNode().encryptionKey()));
        for (UpdatePathNode n : path.nodes()) {
            if (!pathKeys.add(ByteBuffer.wrap(n.encryptionKey()))) {
                throw new ValidationException(Reason.INVALID_UPDATE_PATH, "UpdatePath repeats a public key");
            }
        }
        int senderNode = TreeMath.leafToNode(sender);
        for (int x = 0; x < tree.nodeWidth(); x++) {
            if (x != senderNode && !tree.isBlank(x) && pathKeys.contains(ByteBuffer.wrap(tree.encryptionKey(x)))) {
                throw new ValidationException(Reason.INVALID_UPDATE_PATH, "UpdatePath key already in the tree at node " + x);
            }
        }
    }

    /**
     * §7.6, §12.4.2: decrypts the path secret of the lowest node of {@code path} above the
     * receiver, with the receiver's keys {@code own} (before this commit), derives the rest up
     * the path and checks every derived public key against the UpdatePath.
     *
     * @param after the tree with the path merged ({@link #mergeUpdatePath})
     * @throws ValidationException INVALID_UPDATE_PATH
     * @throws KeyCustodyException the receiver's leaf key could not be used
     */
    public static DecryptedPath decryptPath(TreeView after, List<TreeView.PathStep> path, UpdatePath updatePath,
                                            PrivateTreeKeys own, Set<Integer> newMembers, byte[] groupContext)
            throws ValidationException, CryptoException {
        CipherSuite suite = after.cipherSuite();
        int myNode = TreeMath.leafToNode(own.ownLeaf());
        int level = -1;
        for (int i = 0; i < path.size(); i++) {
            if (Subtrees.contains(path.get(i).copathChild(), myNode)) {
                level = i;
                break;
            }
        }
        if (level < 0 || newMembers.contains(own.ownLeaf())) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH, "the UpdatePath has no node addressed to us");
        }
        List<Integer> res = after.resolution(path.get(level).copathChild(), newMembers);
        List<HpkeCiphertext> cts = updatePath.nodes().get(level).encryptedPathSecret();
        if (cts.size() != res.size()) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH, "UpdatePath node " + level + " has "
                    + cts.size() + " ciphertexts, the resolution has " + res.size());
        }
        int position = -1;
        for (int j = 0; j < res.size(); j++) {
            if (own.hasKey(res.get(j))) {
                position = j;
                break;
            }
        }
        if (position < 0) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH,
                    "no private key for the resolution of node " + path.get(level).copathChild());
        }
        HpkePrivateKey key = own.privateKey(res.get(position)).orElseThrow();
        byte[] secret;
        try {
            secret = suite.decryptWithLabel(key, UPDATE_PATH_NODE, groupContext, cts.get(position));
        } catch (KeyCustodyException e) {
            throw e;
        } catch (CryptoException e) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH, "path secret for node " + path.get(level).node()
                    + " could not be decrypted", e);
        }
        if (secret.length != suite.hashLength()) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH, "decrypted path secret has the wrong length");
        }
        Map<Integer, NodeSecret> learned = new LinkedHashMap<>();
        for (int i = level; i < path.size(); i++) {
            byte[] expected = updatePath.nodes().get(i).encryptionKey();
            if (!Arrays.equals(PathSecrets.nodeKey(suite, secret).publicKey(), expected)) {
                throw new ValidationException(Reason.INVALID_UPDATE_PATH,
                        "public key of path node " + path.get(i).node() + " does not match its path secret");
            }
            learned.put(path.get(i).node(), new NodeSecret(secret, expected));
            secret = PathSecrets.next(suite, secret);
        }
        return new DecryptedPath(learned, secret, path.get(level).node());
    }

    /**
     * Processes the UpdatePath of a Commit from {@code sender} on a frozen tree (§7.5, §12.4.2):
     * validates the new LeafNode (§7.3), merges the path ({@link #mergeUpdatePath}) and decrypts
     * it ({@link #decryptPath}).
     *
     * @throws ValidationException INVALID_UPDATE_PATH (shape, parent hash, undecryptable secret,
     *                             key mismatch), INVALID_LEAF_NODE or BAD_SIGNATURE (leaf)
     * @throws KeyCustodyException the receiver's leaf key could not be used
     */
    public static ProcessedPath processUpdatePath(RatchetTree provisional, int sender, UpdatePath updatePath,
                                                  PrivateTreeKeys own, LeafNodeValidator leafValidator,
                                                  Set<Integer> newMembers, ProvisionalGroupContext context)
            throws ValidationException, CryptoException {
        if (sender == own.ownLeaf()) {
            throw new IllegalArgumentException("a member does not process its own UpdatePath");
        }
        if (provisional.leafNode(sender).isEmpty()) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH, "UpdatePath sender leaf " + sender + " is blank");
        }
        leafValidator.validateForCommit(updatePath.leafNode(), sender, provisional);
        TreeEditor editor = provisional.edit();
        List<TreeView.PathStep> path = mergeUpdatePath(editor, sender, updatePath, newMembers);
        RatchetTree after = editor.build();
        DecryptedPath decrypted = decryptPath(after, path, updatePath, own, newMembers, context.encode(after.treeHash()));
        PrivateTreeKeys keys = own.next(after, own.leafKey(), decrypted.nodeSecrets());
        return new ProcessedPath(after, decrypted.commitSecret(), keys, decrypted.decryptedAt());
    }

    /**
     * The private tree keys of a member joining by Welcome (§12.4.3.1): its leaf key, and, when the
     * GroupSecrets carry a {@code path_secret}, the secrets of the lowest common ancestor of its leaf
     * and the committer's leaf and of every non-blank node above it, each checked against the
     * public key in the tree.
     *
     * @param tree          the validated tree of the new epoch
     * @param myLeaf        the joiner's leaf (found with {@link RatchetTree#findLeaf})
     * @param leafKey       the handle of the joiner's leaf HPKE key (the KeyPackage's LeafNode key)
     * @param committerLeaf the GroupInfo signer
     * @param pathSecret    the GroupSecrets' path_secret, if any
     * @throws ValidationException INVALID_WELCOME if a key does not match the tree
     */
    public static PrivateTreeKeys joinerKeys(RatchetTree tree, int myLeaf, HpkePrivateKey leafKey, int committerLeaf,
                                             Optional<byte[]> pathSecret) throws ValidationException, CryptoException {
        CipherSuite suite = tree.cipherSuite();
        LeafNode mine = tree.leafNode(myLeaf).orElseThrow(
                () -> new ValidationException(Reason.INVALID_WELCOME, "joiner leaf " + myLeaf + " is blank"));
        if (!Arrays.equals(mine.encryptionKey(), leafKey.publicKey())) {
            throw new ValidationException(Reason.INVALID_WELCOME, "leaf key does not match the joiner's leaf");
        }
        PrivateTreeKeys keys = PrivateTreeKeys.ofLeaf(suite, myLeaf, leafKey);
        if (pathSecret.isEmpty()) {
            return keys;
        }
        if (committerLeaf == myLeaf || committerLeaf < 0 || committerLeaf >= tree.leafCount()) {
            throw new ValidationException(Reason.INVALID_WELCOME, "path_secret with an invalid committer leaf " + committerLeaf);
        }
        int n = tree.leafCount();
        int root = TreeMath.root(n);
        int x = TreeMath.commonAncestor(TreeMath.leafToNode(myLeaf), TreeMath.leafToNode(committerLeaf), n);
        if (tree.isBlank(x)) {
            throw new ValidationException(Reason.INVALID_WELCOME, "path_secret given for blank node " + x);
        }
        byte[] secret = pathSecret.get();
        if (secret.length != suite.hashLength()) {
            throw new ValidationException(Reason.INVALID_WELCOME, "path_secret has the wrong length");
        }
        Map<Integer, NodeSecret> secrets = new LinkedHashMap<>();
        while (true) {
            if (!tree.isBlank(x)) {
                byte[] publicKey = tree.encryptionKey(x);
                if (!Arrays.equals(PathSecrets.nodeKey(suite, secret).publicKey(), publicKey)) {
                    throw new ValidationException(Reason.INVALID_WELCOME,
                            "public key of node " + x + " does not match the path secret");
                }
                secrets.put(x, new NodeSecret(secret, publicKey));
                secret = PathSecrets.next(suite, secret);
            }
            if (x == root) {
                break;
            }
            x = TreeMath.parent(x, n);
        }
        return keys.withNodeSecrets(secrets);
    }
}
