package dev.mlscustody.mls.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.codec.Decoder;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.WireFormat;
import dev.mlscustody.mls.message.Commit;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.tree.RatchetTreeCodec;
import dev.mlscustody.mls.tree.UpdatePath;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every wire struct embedded in the other official vector files (MLSMessages of the passive-client
 * and interop scenarios, ratchet trees, UpdatePaths, Proposals, AuthenticatedContent) decodes
 * and re-encodes byte for byte.
 */
class AllVectorStructsRoundTripTest {
    private final Map<WireFormat, Integer> wireFormats = new EnumMap<>(WireFormat.class);

    private <T extends TlsEncodable> void roundTrip(byte[] input, Decoder<T> decoder) throws Exception {
        assertArrayEquals(input, TlsReader.decodeAll(input, decoder).toBytes());
    }

    private void mlsMessage(byte[] input) throws Exception {
        MlsMessage m = MlsMessage.decode(input);
        assertArrayEquals(input, m.toBytes());
        wireFormats.merge(m.wireFormat(), 1, Integer::sum);
    }

    private void tree(byte[] input) throws Exception {
        assertArrayEquals(input, RatchetTreeCodec.encode(RatchetTreeCodec.decode(input)));
    }

    private void passiveClient(String file) throws Exception {
        for (VectorCase c : StructVectorsTest.load(file)) {
            mlsMessage(c.bytes("key_package"));
            mlsMessage(c.bytes("welcome"));
            if (c.has("ratchet_tree")) {
                tree(c.bytes("ratchet_tree"));
            }
            for (VectorCase epoch : c.objects("epochs")) {
                for (byte[] proposal : epoch.bytesList("proposals")) {
                    mlsMessage(proposal);
                }
                mlsMessage(epoch.bytes("commit"));
            }
        }
    }

    @Test
    void passiveClientAndInteropMessagesRoundTrip() throws Exception {
        for (String file : new String[] {"passive-client-welcome.json", "passive-client-handling-commit.json",
                "interop-passive/application.json", "interop-passive/commit.json",
                "interop-passive/external_join.json", "interop-passive/external_proposals.json",
                "interop-passive/welcome_join.json"}) {
            passiveClient(file);
        }
        assertTrue(wireFormats.getOrDefault(WireFormat.PUBLIC_MESSAGE, 0) > 100, wireFormats.toString());
        assertTrue(wireFormats.getOrDefault(WireFormat.PRIVATE_MESSAGE, 0) > 100, wireFormats.toString());
        assertTrue(wireFormats.getOrDefault(WireFormat.WELCOME, 0) > 100, wireFormats.toString());
        assertTrue(wireFormats.getOrDefault(WireFormat.KEY_PACKAGE, 0) > 100, wireFormats.toString());
    }

    @Test
    void treesPathsProposalsAndAuthenticatedContentRoundTrip() throws Exception {
        for (VectorCase c : StructVectorsTest.load("tree-validation.json")) {
            tree(c.bytes("tree"));
        }
        for (VectorCase c : StructVectorsTest.load("tree-operations.json")) {
            tree(c.bytes("tree_before"));
            tree(c.bytes("tree_after"));
            roundTrip(c.bytes("proposal"), Proposal::decode);
        }
        int paths = 0;
        for (VectorCase c : StructVectorsTest.load("treekem.json")) {
            tree(c.bytes("ratchet_tree"));
            for (VectorCase u : c.objects("update_paths")) {
                roundTrip(u.bytes("update_path"), UpdatePath::decode);
                paths++;
            }
        }
        assertTrue(paths > 100, "update paths: " + paths);
        for (VectorCase c : StructVectorsTest.load("transcript-hashes.json")) {
            roundTrip(c.bytes("authenticated_content"), AuthenticatedContent::decode);
        }
        for (VectorCase c : StructVectorsTest.load("message-protection.json")) {
            roundTrip(c.bytes("proposal"), Proposal::decode);
            roundTrip(c.bytes("commit"), Commit::decode);
            for (String f : new String[] {"proposal_pub", "proposal_priv", "commit_pub", "commit_priv",
                    "application_priv"}) {
                mlsMessage(c.bytes(f));
            }
        }
        for (VectorCase c : StructVectorsTest.load("welcome.json")) {
            mlsMessage(c.bytes("key_package"));
            mlsMessage(c.bytes("welcome"));
        }
        assertEquals(7 + 7, wireFormats.get(WireFormat.PUBLIC_MESSAGE));
    }
}
