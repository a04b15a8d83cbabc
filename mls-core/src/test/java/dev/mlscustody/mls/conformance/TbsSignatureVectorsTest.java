package dev.mlscustody.mls.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.framing.ApplicationData;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.CommitContent;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.ProposalContent;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.framing.PublicMessage;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.Update;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.LeafNodeSource;
import dev.mlscustody.mls.tree.Node;
import dev.mlscustody.mls.tree.RatchetTreeCodec;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Signer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.Ed448PublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.Ed448Signer;
import org.junit.jupiter.api.Test;

/**
 * Proves the to-be-signed encodings against real signatures in the official vectors:
 * LeafNodeTBS (all three leaf sources, with group_id and leaf index) in tree-validation.json and
 * the Update proposals of passive-client-handling-commit.json,
 * KeyPackageTBS in welcome.json, FramedContentTBS and AuthenticatedContentTBM (membership tag) in
 * message-protection.json. Signatures are checked with Bouncy Castle in the test only
 * (SignWithLabel of RFC 9420 §5.1.2).
 */
class TbsSignatureVectorsTest {

    @Test
    void leafNodeTbsVerifiesForEveryLeafOfEveryTree() throws Exception {
        Set<LeafNodeSource> seen = EnumSet.noneOf(LeafNodeSource.class);
        int verified = 0;
        for (VectorCase c : StructVectorsTest.load("tree-validation.json")) {
            int suite = (int) c.number("cipher_suite");
            byte[] groupId = c.bytes("group_id");
            List<Optional<Node>> tree = RatchetTreeCodec.decode(c.bytes("tree"));
            assertArrayEquals(c.bytes("tree"), RatchetTreeCodec.encode(tree));
            for (int i = 0; i < tree.size(); i += 2) {
                if (tree.get(i).isEmpty()) {
                    continue;
                }
                LeafNode leaf = assertInstanceOf(Node.Leaf.class, tree.get(i).get()).leafNode();
                assertTrue(verify(suite, leaf.signatureKey(), "LeafNodeTBS", leaf.encodeTbs(groupId, i / 2),
                        leaf.signature()), "suite " + suite + " leaf " + i / 2 + " source " + leaf.source());
                seen.add(leaf.source());
                verified++;
            }
        }
        // Update proposals (source update) of the passive-client vectors: context from their framing
        for (VectorCase c : StructVectorsTest.load("passive-client-handling-commit.json")) {
            int suite = (int) c.number("cipher_suite");
            for (VectorCase epoch : c.objects("epochs")) {
                for (byte[] message : epoch.bytesList("proposals")) {
                    PublicMessage pm = assertInstanceOf(MlsMessage.PublicMessageBody.class,
                            MlsMessage.decode(message).body()).message();
                    if (pm.content().body() instanceof ProposalContent(Update(LeafNode leaf))
                            && pm.content().sender() instanceof Sender.Member(long leafIndex)) {
                        assertEquals(LeafNodeSource.UPDATE, leaf.source());
                        assertTrue(verify(suite, leaf.signatureKey(), "LeafNodeTBS",
                                leaf.encodeTbs(pm.content().groupId(), leafIndex), leaf.signature()),
                                "update proposal of suite " + suite);
                        seen.add(leaf.source());
                        verified++;
                    }
                }
            }
        }
        assertEquals(EnumSet.allOf(LeafNodeSource.class), seen);
        assertTrue(verified > 500, "verified " + verified);
    }

    @Test
    void keyPackageTbsVerifiesInWelcomeVectors() throws Exception {
        List<VectorCase> cases = StructVectorsTest.load("welcome.json");
        assertEquals(7, cases.size());
        for (VectorCase c : cases) {
            int suite = (int) c.number("cipher_suite");
            KeyPackage kp = assertInstanceOf(MlsMessage.KeyPackageBody.class,
                    MlsMessage.decode(c.bytes("key_package")).body()).message();
            assertEquals(suite, kp.cipherSuite());
            byte[] sigKey = kp.leafNode().signatureKey();
            assertTrue(verify(suite, sigKey, "KeyPackageTBS", kp.encodeTbs(), kp.signature()), "suite " + suite);
            assertTrue(verify(suite, sigKey, "LeafNodeTBS", kp.leafNode().encodeTbs(null, 0),
                    kp.leafNode().signature()), "leaf of suite " + suite);
        }
    }

    @Test
    void framedContentTbsAndMembershipTagVerifyInMessageProtectionVectors() throws Exception {
        List<VectorCase> cases = StructVectorsTest.load("message-protection.json");
        assertEquals(7, cases.size());
        for (VectorCase c : cases) {
            int suite = (int) c.number("cipher_suite");
            GroupContext context = new GroupContext(ProtocolVersion.MLS10, suite, c.bytes("group_id"),
                    c.number("epoch"), c.bytes("tree_hash"), c.bytes("confirmed_transcript_hash"), List.of());
            for (String field : List.of("proposal_pub", "commit_pub")) {
                PublicMessage pm = assertInstanceOf(MlsMessage.PublicMessageBody.class,
                        MlsMessage.decode(c.bytes(field)).body()).message();
                AuthenticatedContent ac = pm.authenticatedContent();
                assertTrue(verify(suite, c.bytes("signature_pub"), "FramedContentTBS", ac.encodeTbs(context),
                        ac.auth().signature()), field + " of suite " + suite);
                byte[] tag = hmac(suite, c.bytes("membership_key"), ac.encodeTbm(context));
                assertArrayEquals(tag, pm.membershipTag().orElseThrow(), field + " membership tag, suite " + suite);
                switch (pm.content().body()) {
                    case ProposalContent p -> assertArrayEquals(c.bytes("proposal"), p.proposal().toBytes());
                    case CommitContent cc -> assertArrayEquals(c.bytes("commit"), cc.commit().toBytes());
                    case ApplicationData a -> throw new AssertionError("unexpected application content in " + field);
                }
            }
            assertArrayEquals(c.bytes("proposal"),
                    TlsReader.decodeAll(c.bytes("proposal"), Proposal::decode).toBytes());
        }
    }

    // ---- SignWithLabel verification (test-only) ----

    private static boolean verify(int suite, byte[] publicKey, String label, byte[] content, byte[] signature) {
        byte[] signContent = new TlsWriter()
                .opaque(("MLS 1.0 " + label).getBytes(StandardCharsets.US_ASCII))
                .opaque(content)
                .toByteArray();
        Signer signer = switch (suite) {
            case 1, 3 -> {
                Ed25519Signer s = new Ed25519Signer();
                s.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
                yield s;
            }
            case 4, 6 -> {
                Ed448Signer s = new Ed448Signer(new byte[0]);
                s.init(false, new Ed448PublicKeyParameters(publicKey, 0));
                yield s;
            }
            case 2 -> ecdsa("P-256", new SHA256Digest(), publicKey);
            case 5 -> ecdsa("P-521", new SHA512Digest(), publicKey);
            case 7 -> ecdsa("P-384", new SHA384Digest(), publicKey);
            default -> throw new IllegalArgumentException("suite " + suite);
        };
        signer.update(signContent, 0, signContent.length);
        return signer.verifySignature(signature);
    }

    private static Signer ecdsa(String curve, Digest digest, byte[] publicKey) {
        X9ECParameters x9 = ECNamedCurveTable.getByName(curve);
        ECDomainParameters domain = new ECDomainParameters(x9);
        DSADigestSigner s = new DSADigestSigner(new ECDSASigner(), digest);
        s.init(false, new ECPublicKeyParameters(x9.getCurve().decodePoint(publicKey), domain));
        return s;
    }

    private static byte[] hmac(int suite, byte[] key, byte[] data) throws Exception {
        String alg = switch (suite) {
            case 1, 2, 3 -> "HmacSHA256";
            case 7 -> "HmacSHA384";
            default -> "HmacSHA512";
        };
        Mac mac = Mac.getInstance(alg);
        mac.init(new SecretKeySpec(key, alg));
        return mac.doFinal(data);
    }
}
