package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.SoftwareHpkeKey;
import dev.mlscustody.mls.crypto.SoftwareKeyCustody;
import dev.mlscustody.mls.crypto.SoftwareSignatureKey;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.tree.GroupRequirements;
import dev.mlscustody.mls.tree.LeafNodeValidator;
import dev.mlscustody.mls.tree.PathSecrets;
import dev.mlscustody.mls.tree.PrivateTreeKeys;
import dev.mlscustody.mls.tree.RatchetTree;
import dev.mlscustody.mls.tree.TreeKem;
import dev.mlscustody.mls.tree.UpdatePath;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * treekem.json (RFC 9420 §7.4–7.6): every private member processes every given UpdatePath and
 * must learn the expected path secret, commit secret and post-merge tree hash; then every private
 * member creates its own UpdatePath, which every other private member must process to the same
 * commit secret and tree hash. The GroupContext uses the post-merge tree hash and no extensions.
 */
public final class TreeKemCheck implements VectorCheck {
    @Override
    public Optional<String> check(VectorCase c) throws Exception {
        CipherSuite suite = CipherSuite.of((int) c.number("cipher_suite"));
        byte[] groupId = c.bytes("group_id");
        long epoch = c.number("epoch");
        byte[] confirmedTranscriptHash = c.bytes("confirmed_transcript_hash");
        RatchetTree tree = RatchetTree.decode(suite, c.bytes("ratchet_tree"));
        TreeKem.ProvisionalGroupContext context = treeHash -> new GroupContext(ProtocolVersion.MLS10, suite.id(),
                groupId, epoch, treeHash, confirmedTranscriptHash, List.of()).toBytes();
        LeafNodeValidator validator = new LeafNodeValidator(suite, groupId, GroupRequirements.NONE);

        Map<Integer, PrivateTreeKeys> members = new LinkedHashMap<>();
        Map<Integer, byte[]> signaturePrivs = new LinkedHashMap<>();
        for (VectorCase lp : c.objects("leaves_private")) {
            int index = (int) lp.number("index");
            Map<Integer, byte[]> secrets = new LinkedHashMap<>();
            for (VectorCase ps : lp.objects("path_secrets")) {
                int node = (int) ps.number("node");
                byte[] secret = ps.bytes("path_secret");
                byte[] expectedPub = tree.encryptionKey(node);
                if (!Arrays.equals(expectedPub, PathSecrets.nodeKey(suite, secret).publicKey())) {
                    return Optional.of("leaves_private[" + index + "].path_secrets: node " + node + " key does not match the tree");
                }
                secrets.put(node, secret);
            }
            members.put(index, PrivateTreeKeys.ofLeaf(suite, index,
                    SoftwareHpkeKey.fromPrivateKey(suite.kem(), lp.bytes("encryption_priv"))).withPathSecrets(secrets));
            signaturePrivs.put(index, lp.bytes("signature_priv"));
        }

        List<VectorCase> updatePaths = c.objects("update_paths");
        for (int u = 0; u < updatePaths.size(); u++) {
            VectorCase up = updatePaths.get(u);
            int sender = (int) up.number("sender");
            UpdatePath path = TlsReader.decodeAll(up.bytes("update_path"), UpdatePath::decode);
            List<byte[]> expectedSecrets = up.bytesList("path_secrets");
            for (PrivateTreeKeys receiver : members.values()) {
                int me = receiver.ownLeaf();
                if (me == sender) {
                    continue;
                }
                String where = "update_paths[" + u + "] at leaf " + me + ": ";
                TreeKem.ProcessedPath result = TreeKem.processUpdatePath(tree, sender, path, receiver, validator, Set.of(), context);
                Optional<String> diff = VectorCheck.compare(where + "path_secrets[" + me + "]", expectedSecrets.get(me),
                        result.privateKeys().pathSecret(result.decryptedAt()).orElse(null));
                if (diff.isEmpty()) {
                    diff = VectorCheck.compare(where + "commit_secret", up.bytes("commit_secret"), result.commitSecret());
                }
                if (diff.isEmpty()) {
                    diff = VectorCheck.compare(where + "tree_hash_after", up.bytes("tree_hash_after"), result.tree().treeHash());
                }
                if (diff.isPresent()) {
                    return diff;
                }
            }
        }

        for (PrivateTreeKeys committer : members.values()) {
            int sender = committer.ownLeaf();
            SoftwareSignatureKey signer = SoftwareSignatureKey.fromPrivateKey(suite.signatureScheme(), signaturePrivs.get(sender));
            TreeKem.CreatedPath created = TreeKem.createUpdatePath(tree, committer,
                    TreeKem.LeafContent.of(tree.leafNode(sender).orElseThrow()), signer, SoftwareKeyCustody.inMemory(),
                    groupId, Set.of(), context);
            for (PrivateTreeKeys receiver : members.values()) {
                if (receiver.ownLeaf() == sender) {
                    continue;
                }
                String where = "own UpdatePath from leaf " + sender + " at leaf " + receiver.ownLeaf() + ": ";
                TreeKem.ProcessedPath result = TreeKem.processUpdatePath(tree, sender, created.updatePath(), receiver,
                        validator, Set.of(), context);
                Optional<String> diff = VectorCheck.compare(where + "commit_secret", created.commitSecret(), result.commitSecret());
                if (diff.isEmpty()) {
                    diff = VectorCheck.compare(where + "tree_hash_after", created.tree().treeHash(), result.tree().treeHash());
                }
                if (diff.isPresent()) {
                    return diff;
                }
            }
        }
        return Optional.empty();
    }
}
