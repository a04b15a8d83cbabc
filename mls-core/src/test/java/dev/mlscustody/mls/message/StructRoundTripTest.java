package dev.mlscustody.mls.message;

import static dev.mlscustody.mls.message.StructSamples.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.Decoder;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.conformance.Hex;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.LeafNodeSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hand-built values of every message-package struct survive encode/decode unchanged. */
class StructRoundTripTest {

    private static <T extends TlsEncodable> T roundTrip(T value, Decoder<T> decoder) throws DecodeException {
        byte[] encoded = value.toBytes();
        T decoded = TlsReader.decodeAll(encoded, decoder);
        assertArrayEquals(encoded, decoded.toBytes());
        assertEquals(value, decoded);
        assertEquals(value.hashCode(), decoded.hashCode());
        return decoded;
    }

    @Test
    void everyProposalTypeRoundTripsWithAndWithoutTypeField() throws Exception {
        for (Proposal p : StructSamples.proposals()) {
            Proposal decoded = roundTrip(p, Proposal::decode);
            assertEquals(p.type(), decoded.type());
            byte[] full = p.toBytes();
            assertEquals(p.type().code(), ((full[0] & 0xff) << 8) | (full[1] & 0xff));
            byte[] body = p.bodyBytes();
            assertArrayEquals(java.util.Arrays.copyOfRange(full, 2, full.length), body);
            assertEquals(p, TlsReader.decodeAll(body, r -> Proposal.decodeBody(p.type(), r)));
        }
    }

    @Test
    void removeCarriesTheFullUint32Range() throws Exception {
        Remove r = (Remove) roundTrip(new Remove(0xffffffffL), Proposal::decode);
        assertEquals(0xffffffffL, r.removed());
        assertArrayEquals(bytes(0, 3, 0xff, 0xff, 0xff, 0xff), r.toBytes());
        assertThrows(IllegalArgumentException.class, () -> new Remove(0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> new Remove(-1));
    }

    @Test
    void credentialsRoundTrip() throws Exception {
        Credential basic = roundTrip(new BasicCredential(bytes(1, 2)), Credential::decode);
        assertArrayEquals(bytes(0, 1, 2, 1, 2), basic.toBytes());
        Credential x509 = roundTrip(new X509Credential(List.of(bytes(0x30, 1), bytes(0x30, 2, 3))), Credential::decode);
        assertArrayEquals(bytes(0, 2, 7, 2, 0x30, 1, 3, 0x30, 2, 3), x509.toBytes());
        assertEquals(CredentialType.X509, x509.type());
    }

    @Test
    void keyPackageTbsIsTheEncodingWithoutTheSignature() throws Exception {
        KeyPackage kp = roundTrip(StructSamples.keyPackage(), KeyPackage::decode);
        byte[] all = kp.toBytes();
        byte[] tbs = kp.encodeTbs();
        TlsWriter sig = new TlsWriter().opaque(kp.signature());
        assertEquals(all.length, tbs.length + sig.size());
        assertArrayEquals(all, concat(tbs, sig.toByteArray()));
    }

    @Test
    void groupInfoTbsIsTheEncodingWithoutTheSignature() throws Exception {
        GroupInfo gi = roundTrip(StructSamples.groupInfo(), GroupInfo::decode);
        assertArrayEquals(gi.toBytes(), concat(gi.encodeTbs(), new TlsWriter().opaque(gi.signature()).toByteArray()));
        assertTrue(Hex.of(gi.encodeTbs()).startsWith(Hex.of(gi.groupContext().toBytes())));
    }

    @Test
    void commitWithAndWithoutPath() throws Exception {
        Commit c = roundTrip(StructSamples.commit(), Commit::decode);
        assertInstanceOf(ProposalOrRef.ByValue.class, c.proposals().get(0));
        assertInstanceOf(ProposalOrRef.ByReference.class, c.proposals().get(1));
        Commit empty = roundTrip(new Commit(List.of(), Optional.empty()), Commit::decode);
        assertArrayEquals(bytes(0, 0), empty.toBytes());
    }

    @Test
    void welcomeGroupSecretsAndExtensionsRoundTrip() throws Exception {
        Welcome w = roundTrip(StructSamples.welcome(), Welcome::decode);
        assertTrue(w.secretsFor(bytes(0x4b)).isPresent());
        assertFalse(w.secretsFor(bytes(0x4c)).isPresent());
        GroupSecrets gs = new GroupSecrets(bytes(1, 2, 3), Optional.of(new PathSecret(bytes(4))),
                List.of(new PreSharedKeyId.External(bytes(5), bytes(6))));
        roundTrip(gs, GroupSecrets::decode);
        roundTrip(new GroupSecrets(bytes(1), Optional.empty(), List.of()), GroupSecrets::decode);

        RequiredCapabilities rc = new RequiredCapabilities(List.of(ExtensionType.EXTERNAL_SENDERS), List.of(7, 0xfafa),
                List.of(CredentialType.BASIC));
        assertEquals(rc, RequiredCapabilities.fromExtension(rc.toExtension()));
        ExternalPub ep = new ExternalPub(bytes(1, 2));
        assertEquals(ep, ExternalPub.fromExtension(ep.toExtension()));
        List<ExternalSender> senders = List.of(new ExternalSender(bytes(3), new BasicCredential(bytes(4))));
        assertEquals(senders, ExternalSender.listFromExtension(ExternalSender.toExtension(senders)));
        assertThrows(IllegalArgumentException.class, () -> ExternalPub.fromExtension(rc.toExtension()));
    }

    @Test
    void mlsMessageWrapsEveryBodyType() throws Exception {
        for (MlsMessage m : List.of(MlsMessage.of(StructSamples.welcome()), MlsMessage.of(StructSamples.groupInfo()),
                MlsMessage.of(StructSamples.keyPackage()))) {
            byte[] b = m.toBytes();
            assertEquals(0x00, b[0]);
            assertEquals(0x01, b[1]);
            assertEquals(m.wireFormat().code(), b[3]);
            assertEquals(m, MlsMessage.decode(b));
        }
    }

    @Test
    void unknownExtensionAndCapabilityCodesSurvive() throws Exception {
        LeafNode leaf = StructSamples.leafNode(LeafNodeSource.KEY_PACKAGE);
        LeafNode decoded = TlsReader.decodeAll(leaf.toBytes(), LeafNode::decode);
        assertEquals(new ExtensionType(0xff01), decoded.extensions().get(0).type());
        assertTrue(decoded.capabilities().supportsExtension(new ExtensionType(0xff00)));
        assertTrue(decoded.capabilities().supportsCredential(new CredentialType(0x2a2a)));
        assertTrue(decoded.capabilities().supportsProposal(0x1a1a));
        assertTrue(new ExtensionType(0x1a1a).isGrease());
        assertFalse(new ExtensionType(0x1a1b).isGrease());
        assertFalse(ExtensionType.EXTERNAL_PUB.isGrease());
    }

    @Test
    void secretsAreNotShownByToString() {
        byte[] secret = bytes(0xde, 0xad, 0xbe, 0xef);
        GroupSecrets gs = new GroupSecrets(secret, Optional.of(new PathSecret(secret)), List.of());
        assertFalse(gs.toString().toLowerCase().contains("deadbeef"));
        assertFalse(gs.toString().contains("[B@"));
        assertFalse(new PathSecret(secret).toString().toLowerCase().contains("deadbeef"));
        assertTrue(gs.toString().contains("redacted"));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void groupContextRoundTrips() throws Exception {
        GroupContext gc = roundTrip(StructSamples.groupContext(), GroupContext::decode);
        assertEquals(7, gc.epoch());
    }
}
