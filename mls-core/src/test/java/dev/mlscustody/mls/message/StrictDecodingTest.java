package dev.mlscustody.mls.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.Decoder;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.conformance.Hex;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.LeafNodeSource;
import dev.mlscustody.mls.tree.Node;
import dev.mlscustody.mls.tree.ParentNode;
import dev.mlscustody.mls.tree.RatchetTreeCodec;
import dev.mlscustody.mls.tree.UpdatePath;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Malformed message, tree and key-package encodings are rejected with DecodeException. */
class StrictDecodingTest {

    private static <T> void rejects(String hex, Decoder<T> decoder) {
        assertThrows(DecodeException.class, () -> TlsReader.decodeAll(Hex.parse(hex), decoder), hex);
    }

    private static <T> void accepts(String hex, Decoder<T> decoder) throws DecodeException {
        TlsReader.decodeAll(Hex.parse(hex), decoder);
    }

    /** The hex of the leaf node fields before leaf_node_source. */
    private static String leafPrefix(LeafNode leaf) {
        TlsWriter w = new TlsWriter().opaque(leaf.encryptionKey()).opaque(leaf.signatureKey());
        leaf.credential().encode(w);
        leaf.capabilities().encode(w);
        return Hex.of(w.toByteArray());
    }

    @Test
    void everyPrefixOfEveryStructIsRejected() {
        List<Sample<?>> samples = List.of(
                new Sample<>(StructSamples.keyPackage(), KeyPackage::decode),
                new Sample<>(StructSamples.commit(), Commit::decode),
                new Sample<>(StructSamples.groupInfo(), GroupInfo::decode),
                new Sample<>(StructSamples.welcome(), Welcome::decode),
                new Sample<>(StructSamples.updatePath(), UpdatePath::decode),
                new Sample<>(StructSamples.groupContext(), GroupContext::decode),
                new Sample<>(new GroupSecrets(new byte[] {1}, Optional.of(new PathSecret(new byte[] {2})),
                        List.of(new PreSharedKeyId.External(new byte[] {3}, new byte[] {4}))), GroupSecrets::decode));
        for (Sample<?> s : samples) {
            byte[] full = s.value.toBytes();
            for (int n = 0; n < full.length; n++) {
                byte[] prefix = Arrays.copyOf(full, n);
                assertThrows(DecodeException.class, () -> TlsReader.decodeAll(prefix, s.decoder),
                        s.value.getClass().getSimpleName() + " prefix " + n);
            }
            byte[] longer = Arrays.copyOf(full, full.length + 1);
            assertThrows(DecodeException.class, () -> TlsReader.decodeAll(longer, s.decoder));
        }
        for (Proposal p : StructSamples.proposals()) {
            byte[] full = p.toBytes();
            for (int n = 0; n < full.length; n++) {
                byte[] prefix = Arrays.copyOf(full, n);
                assertThrows(DecodeException.class, () -> TlsReader.decodeAll(prefix, Proposal::decode));
            }
        }
    }

    private record Sample<T extends TlsEncodable>(T value, Decoder<T> decoder) {
    }

    @Test
    void rejectsUnknownProposalTypes() throws Exception {
        String remove = "0003" + "00000001";
        accepts(remove, Proposal::decode);
        for (String t : List.of("0000", "0008", "0a0a", "ffff")) {
            rejects(t + "00000001", Proposal::decode);
        }
        // inside a Commit, by value
        accepts("07" + "01" + remove + "00", Commit::decode);
        rejects("07" + "01" + "0008" + "00000001" + "00", Commit::decode);
    }

    @Test
    void rejectsUnknownProposalOrRefTypeAndBadOptionalFlags() throws Exception {
        accepts("03" + "02" + "0199" + "00", Commit::decode);
        rejects("03" + "00" + "0199" + "00", Commit::decode);
        rejects("03" + "03" + "0199" + "00", Commit::decode);
        accepts("00" + "00", Commit::decode);
        rejects("00" + "02", Commit::decode);
        rejects("00" + "ff", Commit::decode);
        accepts("0101" + "00" + "00", GroupSecrets::decode);
        accepts("0101" + "01" + "0102" + "00", GroupSecrets::decode);
        rejects("0101" + "02" + "0102" + "00", GroupSecrets::decode);
    }

    /** RFC 9420 §13: "Any field containing a list of extensions MUST NOT have more than one extension of any given type". */
    @Test
    void rejectsTwoExtensionsOfOneType() throws Exception {
        String ext0a = "ff00" + "01" + "0a";
        String ext0b = "ff00" + "01" + "0b";
        String ext1 = "ff01" + "00";
        accepts("07" + ext0a + ext1, GroupContextExtensions::decodeBody);
        rejects("08" + ext0a + ext0b, GroupContextExtensions::decodeBody); // same type, other data
        rejects("08" + ext0a + ext0a, GroupContextExtensions::decodeBody); // same type, same data
        // the same rule through KeyPackage, LeafNode, GroupContext, GroupInfo and ReInit: they all decode
        // their lists with Extension.decodeList
        accepts("07" + ext0a + ext1, Extension::decodeList);
        rejects("0b" + ext0a + ext1 + ext0b, Extension::decodeList);
    }

    @Test
    void rejectsUnknownPskTypeAndUsage() throws Exception {
        accepts("01" + "0101" + "0102", PreSharedKeyProposal::decodeBody);
        accepts("02" + "01" + "0101" + "0000000000000001" + "0102", PreSharedKeyProposal::decodeBody);
        rejects("00" + "0101" + "0102", PreSharedKeyProposal::decodeBody);
        rejects("03" + "0101" + "0102", PreSharedKeyProposal::decodeBody);
        rejects("02" + "00" + "0101" + "0000000000000001" + "0102", PreSharedKeyProposal::decodeBody);
        rejects("02" + "04" + "0101" + "0000000000000001" + "0102", PreSharedKeyProposal::decodeBody);
    }

    @Test
    void rejectsUnknownCredentialTypeAndMalformedCertificates() throws Exception {
        accepts("0001" + "0161", Credential::decode);
        rejects("0000" + "0161", Credential::decode);
        rejects("0003" + "0161", Credential::decode);
        accepts("0002" + "03" + "023001", Credential::decode);
        // certificate length beyond the certificates vector
        rejects("0002" + "02" + "0530" + "01020304", Credential::decode);
    }

    @Test
    void rejectsUnknownLeafNodeSourceAndKeepsSourceFieldsStrict() throws Exception {
        LeafNode update = StructSamples.leafNode(LeafNodeSource.UPDATE);
        String prefix = leafPrefix(update);
        String rest = Hex.of(update.toBytes()).substring(prefix.length() + 2);
        accepts(prefix + "02" + rest, LeafNode::decode);
        for (String source : List.of("00", "04", "ff")) {
            rejects(prefix + source + rest, LeafNode::decode);
        }
        // claiming key_package (lifetime of 16 bytes follows) or commit (parent_hash follows) misparses the rest
        rejects(prefix + "01" + rest, LeafNode::decode);
    }

    @Test
    void rejectsCapabilitiesWithPartialElements() throws Exception {
        accepts("020001" + "00" + "00" + "00" + "00", dev.mlscustody.mls.tree.Capabilities::decode);
        rejects("03000100" + "00" + "00" + "00" + "00", dev.mlscustody.mls.tree.Capabilities::decode);
        rejects("020001" + "00" + "00" + "00" + "0100", dev.mlscustody.mls.tree.Capabilities::decode);
    }

    @Test
    void rejectsMalformedRatchetTrees() throws Exception {
        LeafNode leaf = StructSamples.leafNode(LeafNodeSource.KEY_PACKAGE);
        Optional<Node> leafNode = Optional.of(new Node.Leaf(leaf));
        Optional<Node> parentNode = Optional.of(new Node.Parent(new ParentNode(new byte[] {1}, new byte[0],
                List.of(2L))));
        byte[] good = RatchetTreeCodec.encode(List.of(leafNode, Optional.empty(), leafNode));
        assertEquals(3, RatchetTreeCodec.decode(good).size());
        assertEquals(3, RatchetTreeCodec.decode(RatchetTreeCodec.encode(List.of(leafNode, parentNode, leafNode))).size());
        // empty, trailing blank, parent at a leaf position, leaf at a parent position
        rejects("00", RatchetTreeCodec::decode);
        assertThrows(DecodeException.class, () -> RatchetTreeCodec.decode(RatchetTreeCodec.encode(
                List.of(leafNode, Optional.empty()))));
        assertThrows(DecodeException.class, () -> RatchetTreeCodec.decode(RatchetTreeCodec.encode(
                List.of(parentNode))));
        assertThrows(DecodeException.class, () -> RatchetTreeCodec.decode(RatchetTreeCodec.encode(
                List.of(leafNode, leafNode, leafNode))));
        // unknown node type and invalid presence octet
        String leafHex = Hex.of(leaf.toBytes());
        int bodyLen = 2 + leaf.toBytes().length;
        String header = Hex.of(new TlsWriter().varint(bodyLen).toByteArray());
        accepts(header + "01" + "01" + leafHex, RatchetTreeCodec::decode);
        rejects(header + "01" + "03" + leafHex, RatchetTreeCodec::decode);
        rejects(header + "01" + "00" + leafHex, RatchetTreeCodec::decode);
        rejects(header + "02" + "01" + leafHex, RatchetTreeCodec::decode);
    }

    @Test
    void rejectsKeyPackageWithWrongVersion() throws Exception {
        String kp = Hex.of(StructSamples.keyPackage().toBytes());
        accepts(kp, KeyPackage::decode);
        rejects("0000" + kp.substring(4), KeyPackage::decode);
        rejects("0002" + kp.substring(4), KeyPackage::decode);
    }

    @Test
    void rejectsLengthsBeyondTheInputWithoutAllocating() {
        // 4-byte header claiming 2^30 - 1 bytes
        rejects("bfffffff" + "00", ExternalInit::decodeBody);
        rejects("7fff" + "00", ExternalInit::decodeBody);
        rejects("ffffffff", ExternalInit::decodeBody);
        rejects("4001" + "00", ExternalInit::decodeBody);
        rejects("800000ff" + "00".repeat(0xff), ExternalInit::decodeBody);
    }
}
