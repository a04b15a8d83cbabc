package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The wire form of a ratchet tree, RFC 9420 §12.4.3.3: {@code optional<Node> ratchet_tree<V>;}
 * — nodes in array (in-order) position, {@code Optional.empty()} for a blank node.
 *
 * <p>{@link #decode} checks what the encoding itself must satisfy: the vector is not empty, its
 * last node is non-blank (the sender MUST NOT send trailing blanks), leaves sit at even and parent
 * nodes at odd positions, and there are at most 2^31 - 1 entries. Semantic validation
 * (signatures, hashes, unmerged leaves) belongs to the tree layer. {@link #extendToFullTree} adds
 * the blank nodes that the receiver infers.
 */
public final class RatchetTreeCodec {
    private RatchetTreeCodec() {
    }

    public static List<Optional<Node>> decode(TlsReader r) throws DecodeException {
        List<Optional<Node>> nodes = r.vector(rr -> rr.optional(Node::decode));
        if (nodes.isEmpty()) {
            throw new DecodeException("ratchet_tree is empty");
        }
        if (nodes.get(nodes.size() - 1).isEmpty()) {
            throw new DecodeException("ratchet_tree ends with a blank node");
        }
        for (int i = 0; i < nodes.size(); i++) {
            Optional<Node> node = nodes.get(i);
            if (node.isPresent()) {
                boolean leafPosition = TreeMath.isLeaf(i);
                boolean isLeaf = node.get() instanceof Node.Leaf;
                if (leafPosition != isLeaf) {
                    throw new DecodeException("ratchet_tree node " + i + " is a " + (isLeaf ? "leaf" : "parent")
                            + " at a " + (leafPosition ? "leaf" : "parent") + " position");
                }
            }
        }
        return Collections.unmodifiableList(nodes);
    }

    public static List<Optional<Node>> decode(byte[] bytes) throws DecodeException {
        return TlsReader.decodeAll(bytes, RatchetTreeCodec::decode);
    }

    /** Encodes {@code nodes} as given (callers drop trailing blanks first, see {@link #trimTrailingBlanks}). */
    public static void encode(TlsWriter w, List<Optional<Node>> nodes) {
        w.vector(nodes, (ww, node) -> ww.optional(node, (www, n) -> n.encode(www)));
    }

    public static byte[] encode(List<Optional<Node>> nodes) {
        TlsWriter w = new TlsWriter();
        encode(w, nodes);
        return w.toByteArray();
    }

    /** {@code nodes} without the blank nodes after the last non-blank one. */
    public static List<Optional<Node>> trimTrailingBlanks(List<Optional<Node>> nodes) {
        int end = nodes.size();
        while (end > 0 && nodes.get(end - 1).isEmpty()) {
            end--;
        }
        return List.copyOf(nodes.subList(0, end));
    }

    /**
     * {@code nodes} extended with blanks to the smallest length 2^(d+1) - 1 that holds them: the
     * array of a full tree with 2^d leaves (§12.4.3.3). Input must be non-empty and of odd length.
     */
    public static List<Optional<Node>> extendToFullTree(List<Optional<Node>> nodes) {
        if (nodes.isEmpty() || nodes.size() % 2 == 0) {
            throw new IllegalArgumentException("a ratchet tree array has odd, non-zero length: " + nodes.size());
        }
        int leaves = 1;
        while (TreeMath.nodeWidth(leaves) < nodes.size()) {
            leaves <<= 1;
        }
        List<Optional<Node>> out = new ArrayList<>(nodes);
        while (out.size() < TreeMath.nodeWidth(leaves)) {
            out.add(Optional.empty());
        }
        return Collections.unmodifiableList(out);
    }
}
