package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.tree.RatchetTree;
import dev.mlscustody.mls.tree.TreeEditor;
import dev.mlscustody.mls.tree.TreeProposals;
import java.util.Optional;

/**
 * tree-operations.json (RFC 9420 §12.1.1–12.1.3): applies one Add, Update or Remove to
 * {@code tree_before}; {@code tree_after} must match byte for byte (trailing blanks truncated),
 * and the tree hashes before and after must match.
 */
public final class TreeOperationsCheck implements VectorCheck {
    @Override
    public Optional<String> check(VectorCase c) throws Exception {
        CipherSuite suite = CipherSuite.of((int) c.number("cipher_suite"));
        RatchetTree before = RatchetTree.decode(suite, c.bytes("tree_before"));
        Optional<String> diff = VectorCheck.compare("tree_hash_before", c.bytes("tree_hash_before"), before.treeHash());
        if (diff.isPresent()) {
            return diff;
        }
        Proposal proposal = TlsReader.decodeAll(c.bytes("proposal"), Proposal::decode);
        TreeEditor editor = before.edit();
        TreeProposals.apply(editor, proposal, (int) c.number("proposal_sender"));
        RatchetTree after = editor.build();
        diff = VectorCheck.compare("tree_after", c.bytes("tree_after"), after.encode());
        if (diff.isPresent()) {
            return diff;
        }
        diff = VectorCheck.compare("tree_hash_after", c.bytes("tree_hash_after"), after.treeHash());
        if (diff.isPresent()) {
            return diff;
        }
        // the snapshot the proposal was applied to is unchanged (stage, then merge)
        return VectorCheck.compare("tree_before (unchanged)", c.bytes("tree_before"), before.encode());
    }
}
