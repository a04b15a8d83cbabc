package dev.mlscustody.mls.group;

import static dev.mlscustody.mls.ValidationException.Reason.INVALID_UPDATE_PATH;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.HpkeCiphertext;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.ParentHashes;
import dev.mlscustody.mls.tree.ParentNode;
import dev.mlscustody.mls.tree.TreeEditor;
import dev.mlscustody.mls.tree.TreeMath;
import dev.mlscustody.mls.tree.TreeView;
import dev.mlscustody.mls.tree.UpdatePath;
import dev.mlscustody.mls.tree.UpdatePathNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * UpdatePath handling (RFC 9420 §7.4–§7.6, §7.9): merging the public part into a tree being
 * edited, with parent hashes, decrypting our path secret, and creating a path for our own
 * commit. Our leaf key is a custody handle; parent keys are derived from path secrets.
 */
final class UpdatePaths {
    private UpdatePaths() {
    }

    /**
     * Computes the parent_hash values of §7.9 for a fresh path: entry i is the parent_hash field
     * of filtered-path node i; the last entry (index n) is the one for the leaf.
     */
    private static byte[][] parentHashes(CipherSuite suite, TreeView tree, List<TreeView.PathStep> steps,
                                         List<byte[]> keys) {
        int n = steps.size();
        byte[][] fields = new byte[n][];
        byte[] above = new byte[0];
        for (int i = n - 1; i >= 0; i--) {
            fields[i] = above;
            above = ParentHashes.hash(suite, keys.get(i), fields[i], tree.treeHash(steps.get(i).copathChild()));
        }
        byte[][] out = Arrays.copyOf(fields, n + 1);
        out[n] = n == 0 ? new byte[0] : above;
        return out;
    }

    /**
     * §12.4.2: merges the public part of {@code path} sent by {@code senderLeaf} into
     * {@code editor} (blank the direct path, set the filtered path's parent nodes with their
     * parent hashes, set the leaf) after checking its shape and the leaf's parent_hash.
     *
     * @return the filtered direct path the path was made for
     */
    static List<TreeView.PathStep> mergePublic(CipherSuite suite, TreeEditor editor, int senderLeaf, UpdatePath path)
            throws ValidationException {
        List<TreeView.PathStep> steps = editor.filteredDirectPath(senderLeaf);
        if (steps.size() != path.nodes().size()) {
            throw new ValidationException(INVALID_UPDATE_PATH, "UpdatePath has " + path.nodes().size()
                    + " nodes, the filtered direct path has " + steps.size());
        }
        List<byte[]> keys = new ArrayList<>();
        for (UpdatePathNode node : path.nodes()) {
            keys.add(node.encryptionKey());
        }
        editor.blankDirectPath(senderLeaf);
        byte[][] ph = parentHashes(suite, editor, steps, keys);
        byte[] leafParentHash = path.leafNode().parentHash().orElse(null);
        if (leafParentHash == null || !Arrays.equals(leafParentHash, ph[steps.size()])) {
            throw new ValidationException(INVALID_UPDATE_PATH, "leaf parent_hash does not match the UpdatePath");
        }
        for (int i = 0; i < steps.size(); i++) {
            editor.setParent(steps.get(i).node(), new ParentNode(keys.get(i), ph[i], List.of()));
        }
        editor.setLeaf(senderLeaf, path.leafNode());
        return steps;
    }

    /** §12.4.2: no public key of the UpdatePath may already appear in the (new) tree. */
    static void checkKeysFresh(TreeView tree, int senderLeaf, UpdatePath path) throws ValidationException {
        Set<ByteBuffer> pathKeys = new HashSet<>();
        pathKeys.add(ByteBuffer.wrap(path.leafNode().encryptionKey()));
        for (UpdatePathNode n : path.nodes()) {
            if (!pathKeys.add(ByteBuffer.wrap(n.encryptionKey()))) {
                throw new ValidationException(INVALID_UPDATE_PATH, "UpdatePath repeats a public key");
            }
        }
        for (int x = 0; x < tree.nodeWidth(); x++) {
            if (x == TreeMath.leafToNode(senderLeaf) || tree.isBlank(x)) {
                continue;
            }
            if (pathKeys.contains(ByteBuffer.wrap(tree.encryptionKey(x)))) {
                throw new ValidationException(INVALID_UPDATE_PATH, "UpdatePath key already in the tree at node " + x);
            }
        }
    }

    /** Result of decrypting a path: the secrets of the nodes we now know, and the commit_secret. */
    record Decrypted(Map<Integer, PrivateTree.NodeSecret> nodeSecrets, byte[] commitSecret) {
    }

    /**
     * §7.6 / §12.4.2: decrypts the path secret addressed to us (using our old private tree) and
     * derives the rest up the path, checking each derived public key against the path.
     *
     * @param tree     the tree after merging the path
     * @param excluded the leaves added by the commit (not encrypted to)
     */
    static Decrypted decrypt(CipherSuite suite, TreeView tree, List<TreeView.PathStep> steps, UpdatePath path,
                             PrivateTree ours, Set<Integer> excluded, byte[] provisionalContext)
            throws ValidationException, CryptoException {
        int ownNode = TreeMath.leafToNode(ours.ownLeaf());
        for (int i = 0; i < steps.size(); i++) {
            int copath = steps.get(i).copathChild();
            if (!inSubtree(copath, ownNode)) {
                continue;
            }
            List<Integer> resolution = tree.resolution(copath, excluded);
            List<HpkeCiphertext> cts = path.nodes().get(i).encryptedPathSecret();
            if (cts.size() != resolution.size()) {
                throw new ValidationException(INVALID_UPDATE_PATH, "UpdatePath node " + i + " has " + cts.size()
                        + " ciphertexts for a resolution of " + resolution.size());
            }
            for (int j = 0; j < resolution.size(); j++) {
                int r = resolution.get(j);
                if (!ours.hasKey(r)) {
                    continue;
                }
                HpkePrivateKey key = ours.keyFor(suite, r);
                byte[] secret;
                try {
                    secret = Crypto.decrypt(suite, key, "UpdatePathNode", provisionalContext, cts.get(j));
                } catch (CryptoException e) {
                    throw new ValidationException(INVALID_UPDATE_PATH, "cannot decrypt the path secret", e);
                }
                return deriveUp(suite, steps, path, i, secret);
            }
            throw new ValidationException(INVALID_UPDATE_PATH, "no private key for the resolution of node " + copath);
        }
        throw new ValidationException(INVALID_UPDATE_PATH, "the UpdatePath has no node addressed to us");
    }

    private static Decrypted deriveUp(CipherSuite suite, List<TreeView.PathStep> steps, UpdatePath path, int from,
                                      byte[] secret) throws ValidationException, CryptoException {
        Map<Integer, PrivateTree.NodeSecret> out = new HashMap<>();
        byte[] s = secret;
        for (int k = from; k < steps.size(); k++) {
            HpkePrivateKey key = PrivateTree.deriveNodeKey(suite, s);
            byte[] expected = path.nodes().get(k).encryptionKey();
            if (!Arrays.equals(key.publicKey(), expected)) {
                throw new ValidationException(INVALID_UPDATE_PATH, "derived public key differs at path node " + k);
            }
            out.put(steps.get(k).node(), new PrivateTree.NodeSecret(s, expected));
            s = suite.deriveSecret(s, "path");
        }
        return new Decrypted(out, s);
    }

    /** True if node {@code y} lies in the subtree rooted at {@code x} (Appendix C). */
    static boolean inSubtree(int x, int y) {
        int k = Integer.numberOfTrailingZeros(~x);
        int half = (1 << k) - 1;
        return y >= x - half && y <= x + half;
    }

    /** A path we created: the secrets per filtered-path node, the keys, the commit_secret. */
    record Created(List<TreeView.PathStep> steps, List<byte[]> pathSecrets, List<byte[]> publicKeys,
                   byte[] leafParentHash, byte[] commitSecret, Map<Integer, PrivateTree.NodeSecret> nodeSecrets) {
    }

    /**
     * §7.4 / §7.5, first half of creating a path for {@code ownLeaf}: fresh path secrets up the
     * filtered direct path, the derived parent keys set into {@code editor} with their parent
     * hashes (the direct path blanked first). The caller then signs the new leaf with
     * {@link Created#leafParentHash()}, sets it, and calls {@link #encrypt}.
     */
    static Created createPublic(CipherSuite suite, TreeEditor editor, int ownLeaf) throws CryptoException {
        List<TreeView.PathStep> steps = editor.filteredDirectPath(ownLeaf);
        List<byte[]> secrets = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        Map<Integer, PrivateTree.NodeSecret> nodeSecrets = new HashMap<>();
        byte[] s = suite.randomBytes(suite.hashLength());
        for (TreeView.PathStep step : steps) {
            HpkePrivateKey k = PrivateTree.deriveNodeKey(suite, s);
            secrets.add(s);
            keys.add(k.publicKey());
            nodeSecrets.put(step.node(), new PrivateTree.NodeSecret(s, k.publicKey()));
            s = suite.deriveSecret(s, "path");
        }
        byte[] commitSecret = steps.isEmpty() ? s : s;
        editor.blankDirectPath(ownLeaf);
        byte[][] ph = parentHashes(suite, editor, steps, keys);
        for (int i = 0; i < steps.size(); i++) {
            editor.setParent(steps.get(i).node(), new ParentNode(keys.get(i), ph[i], List.of()));
        }
        return new Created(steps, secrets, keys, ph[steps.size()], commitSecret, nodeSecrets);
    }

    /** §7.6: encrypts each path secret to the resolution of its copath child, minus new members. */
    static UpdatePath encrypt(CipherSuite suite, TreeView tree, Created created, LeafNode leaf, Set<Integer> excluded,
                              byte[] provisionalContext) throws CryptoException {
        List<UpdatePathNode> nodes = new ArrayList<>();
        for (int i = 0; i < created.steps().size(); i++) {
            List<HpkeCiphertext> cts = new ArrayList<>();
            for (int r : tree.resolution(created.steps().get(i).copathChild(), excluded)) {
                cts.add(Crypto.encrypt(suite, tree.encryptionKey(r), "UpdatePathNode", provisionalContext,
                        created.pathSecrets().get(i)));
            }
            nodes.add(new UpdatePathNode(created.publicKeys().get(i), cts));
        }
        return new UpdatePath(leaf, nodes);
    }

    /** §12.4.3.1: the path secret for a new member: the one of the lowest common ancestor. */
    static byte[] pathSecretFor(Created created, int ownLeaf, int newLeaf) {
        int newNode = TreeMath.leafToNode(newLeaf);
        for (int i = 0; i < created.steps().size(); i++) {
            if (inSubtree(created.steps().get(i).node(), newNode)) {
                return created.pathSecrets().get(i);
            }
        }
        return null;
    }
}
