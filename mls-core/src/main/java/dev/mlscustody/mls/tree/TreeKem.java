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
import dev.mlscustody.mls.message.Extension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TreeKEM, RFC 9420 §7.4–7.6: creating the UpdatePath of a Commit and processing one from another
 * member. Both start from the <em>provisional</em> tree (the current tree with the Commit's
 * proposals applied) and return a staged result holding a new tree snapshot; nothing is changed
 * in place, so a rejected path leaves the caller's state as it was.
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
     * Creates the committer's UpdatePath (§7.4, §7.5, §7.6).
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
        List<TreeView.PathStep> path = provisional.filteredDirectPath(leaf);

        // §7.4: path_secret[0] random, then DeriveSecret(., "path") up the filtered direct path
        List<byte[]> secrets = new ArrayList<>(path.size());
        List<byte[]> publicKeys = new ArrayList<>(path.size());
        byte[] secret = suite.randomBytes(suite.hashLength());
        for (int i = 0; i < path.size(); i++) {
            secrets.add(secret);
            publicKeys.add(PathSecrets.nodeKey(suite, secret).publicKey());
            secret = PathSecrets.next(suite, secret);
        }
        byte[] commitSecret = secret;

        HpkePrivateKey newLeafKey = custody.generateHpkeKey(suite.kem());
        try {
            return finishUpdatePath(provisional, own, content, signer, groupId, newMembers, context, path, secrets,
                    publicKeys, commitSecret, newLeafKey);
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

    private static CreatedPath finishUpdatePath(RatchetTree provisional, PrivateTreeKeys own, LeafContent content,
                                                SignatureKey signer, byte[] groupId, Set<Integer> newMembers,
                                                ProvisionalGroupContext context, List<TreeView.PathStep> path,
                                                List<byte[]> secrets, List<byte[]> publicKeys, byte[] commitSecret,
                                                HpkePrivateKey newLeafKey) throws CryptoException {
        CipherSuite suite = provisional.cipherSuite();
        int leaf = own.ownLeaf();
        TreeEditor editor = provisional.edit();
        byte[] leafParentHash = mergePath(editor, leaf, path, publicKeys);

        LeafNode unsigned = new LeafNode(newLeafKey.publicKey(), signer.publicKey(), content.credential(),
                content.capabilities(), LeafNodeSource.COMMIT, Optional.empty(), Optional.of(leafParentHash),
                content.extensions(), new byte[0]);
        byte[] signature = suite.signWithLabel(signer, LeafNodeValidator.LEAF_NODE_TBS, unsigned.encodeTbs(groupId, leaf));
        LeafNode newLeaf = unsigned.withSignature(signature);
        editor.setLeaf(leaf, newLeaf);
        RatchetTree after = editor.build();

        // §7.6: encrypt path_secret[i] to each node of the copath child's resolution, new members excluded
        byte[] groupContext = context.encode(after.treeHash());
        List<UpdatePathNode> nodes = new ArrayList<>(path.size());
        for (int i = 0; i < path.size(); i++) {
            List<HpkeCiphertext> cts = new ArrayList<>();
            for (int r : after.resolution(path.get(i).copathChild(), newMembers)) {
                cts.add(suite.encryptWithLabel(after.encryptionKey(r), UPDATE_PATH_NODE, groupContext, secrets.get(i)));
            }
            nodes.add(new UpdatePathNode(publicKeys.get(i), cts));
        }

        Map<Integer, byte[]> newSecrets = new LinkedHashMap<>();
        for (int i = 0; i < path.size(); i++) {
            newSecrets.put(path.get(i).node(), secrets.get(i));
        }
        PrivateTreeKeys keys = own.without(TreeMath.directPath(TreeMath.leafToNode(leaf), provisional.leafCount()))
                .retainNonBlank(after)
                .withPathSecrets(newSecrets)
                .withLeafKey(newLeafKey);
        return new CreatedPath(after, new UpdatePath(newLeaf, nodes), commitSecret, keys, own.leafKeyId());
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
     * Processes the UpdatePath of a Commit from {@code sender} (§7.5, §12.4.2): checks its shape,
     * merges it, verifies the parent hash of the new leaf and the leaf itself, decrypts the path
     * secret of the lowest node above the receiver, derives the rest and checks every derived
     * public key against the path.
     *
     * @throws ValidationException INVALID_UPDATE_PATH (shape, parent hash, undecryptable secret,
     *                             key mismatch), INVALID_LEAF_NODE or BAD_SIGNATURE (leaf)
     * @throws KeyCustodyException the receiver's leaf key could not be used
     */
    public static ProcessedPath processUpdatePath(RatchetTree provisional, int sender, UpdatePath updatePath,
                                                  PrivateTreeKeys own, LeafNodeValidator leafValidator,
                                                  Set<Integer> newMembers, ProvisionalGroupContext context)
            throws ValidationException, CryptoException {
        CipherSuite suite = provisional.cipherSuite();
        int me = own.ownLeaf();
        if (sender == me) {
            throw new IllegalArgumentException("a member does not process its own UpdatePath");
        }
        if (provisional.leafNode(sender).isEmpty()) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH, "UpdatePath sender leaf " + sender + " is blank");
        }
        List<TreeView.PathStep> path = provisional.filteredDirectPath(sender);
        List<UpdatePathNode> nodes = updatePath.nodes();
        if (nodes.size() != path.size()) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH,
                    "UpdatePath has " + nodes.size() + " nodes, the filtered direct path has " + path.size());
        }
        List<List<Integer>> resolutions = new ArrayList<>(path.size());
        for (int i = 0; i < path.size(); i++) {
            List<Integer> res = provisional.resolution(path.get(i).copathChild(), newMembers);
            if (nodes.get(i).encryptedPathSecret().size() != res.size()) {
                throw new ValidationException(Reason.INVALID_UPDATE_PATH, "UpdatePath node " + i + " has "
                        + nodes.get(i).encryptedPathSecret().size() + " ciphertexts, the resolution has " + res.size());
            }
            resolutions.add(res);
        }

        LeafNode newLeaf = updatePath.leafNode();
        leafValidator.validateForCommit(newLeaf, sender, provisional);
        TreeEditor editor = provisional.edit();
        List<byte[]> publicKeys = nodes.stream().map(UpdatePathNode::encryptionKey).toList();
        byte[] expectedParentHash = mergePath(editor, sender, path, publicKeys);
        if (!Arrays.equals(expectedParentHash, newLeaf.parentHash().orElse(null))) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH, "parent hash of the committer's LeafNode does not match the path");
        }
        editor.setLeaf(sender, newLeaf);
        RatchetTree after = editor.build();

        // the lowest node of the sender's filtered direct path above the receiver
        int myNode = TreeMath.leafToNode(me);
        int level = -1;
        for (int i = 0; i < path.size(); i++) {
            if (Subtrees.contains(path.get(i).copathChild(), myNode)) {
                level = i;
                break;
            }
        }
        if (level < 0 || newMembers.contains(me)) {
            throw new IllegalArgumentException("leaf " + me + " cannot decrypt this UpdatePath (not a member before it)");
        }
        int position = -1;
        HpkePrivateKey key = null;
        List<Integer> res = resolutions.get(level);
        for (int j = 0; j < res.size() && key == null; j++) {
            Optional<HpkePrivateKey> k = own.privateKey(res.get(j));
            if (k.isPresent()) {
                key = k.get();
                position = j;
            }
        }
        if (key == null) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH,
                    "no private key for the resolution of node " + path.get(level).copathChild());
        }
        byte[] groupContext = context.encode(after.treeHash());
        byte[] secret;
        try {
            secret = suite.decryptWithLabel(key, UPDATE_PATH_NODE, groupContext,
                    nodes.get(level).encryptedPathSecret().get(position));
        } catch (KeyCustodyException e) {
            throw e;
        } catch (CryptoException e) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH, "path secret for node " + path.get(level).node()
                    + " could not be decrypted", e);
        }
        if (secret.length != suite.hashLength()) {
            throw new ValidationException(Reason.INVALID_UPDATE_PATH, "decrypted path secret has the wrong length");
        }

        Map<Integer, byte[]> newSecrets = new LinkedHashMap<>();
        for (int i = level; i < path.size(); i++) {
            byte[] derivedPublic = PathSecrets.nodeKey(suite, secret).publicKey();
            if (!Arrays.equals(derivedPublic, publicKeys.get(i))) {
                throw new ValidationException(Reason.INVALID_UPDATE_PATH,
                        "public key of path node " + path.get(i).node() + " does not match its path secret");
            }
            newSecrets.put(path.get(i).node(), secret);
            secret = PathSecrets.next(suite, secret);
        }
        PrivateTreeKeys keys = own.without(TreeMath.directPath(TreeMath.leafToNode(sender), provisional.leafCount()))
                .retainNonBlank(after)
                .withPathSecrets(newSecrets);
        return new ProcessedPath(after, secret, keys, path.get(level).node());
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
        Map<Integer, byte[]> secrets = new LinkedHashMap<>();
        while (true) {
            if (!tree.isBlank(x)) {
                if (!Arrays.equals(PathSecrets.nodeKey(suite, secret).publicKey(), tree.encryptionKey(x))) {
                    throw new ValidationException(Reason.INVALID_WELCOME,
                            "public key of node " + x + " does not match the path secret");
                }
                secrets.put(x, secret);
                secret = PathSecrets.next(suite, secret);
            }
            if (x == root) {
                break;
            }
            x = TreeMath.parent(x, n);
        }
        return keys.withPathSecrets(secrets);
    }
}
