package dev.mlscustody.mls.message;

import dev.mlscustody.mls.crypto.HpkeCiphertext;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.tree.Capabilities;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.LeafNodeSource;
import dev.mlscustody.mls.tree.Lifetime;
import dev.mlscustody.mls.tree.UpdatePath;
import dev.mlscustody.mls.tree.UpdatePathNode;
import java.util.List;
import java.util.Optional;

/** Small hand-built instances of the wire structs for round-trip and negative tests. */
public final class StructSamples {
    private StructSamples() {
    }

    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    public static Capabilities capabilities() {
        return new Capabilities(List.of(1), List.of(1, 2, 0x0a0a), List.of(new ExtensionType(0xff00), ExtensionType.EXTERNAL_SENDERS),
                List.of(8, 0x1a1a), List.of(CredentialType.BASIC, CredentialType.X509, new CredentialType(0x2a2a)));
    }

    public static LeafNode leafNode(LeafNodeSource source) {
        return new LeafNode(bytes(1, 2, 3), bytes(4, 5), new BasicCredential(bytes('a', 'l', 'i', 'c', 'e')),
                capabilities(), source,
                source == LeafNodeSource.KEY_PACKAGE ? Optional.of(new Lifetime(0, -1L)) : Optional.empty(),
                source == LeafNodeSource.COMMIT ? Optional.of(bytes(9, 9, 9)) : Optional.empty(),
                List.of(new Extension(new ExtensionType(0xff01), bytes(0xee))), bytes(0x51, 0x52));
    }

    public static KeyPackage keyPackage() {
        return new KeyPackage(ProtocolVersion.MLS10, 1, bytes(0x10, 0x11), leafNode(LeafNodeSource.KEY_PACKAGE),
                List.of(), bytes(0x5a));
    }

    public static GroupContext groupContext() {
        return new GroupContext(ProtocolVersion.MLS10, 2, bytes(0x47), 7, bytes(0x71, 0x72), bytes(0x73),
                List.of(new Extension(ExtensionType.APPLICATION_ID, bytes(1))));
    }

    public static UpdatePath updatePath() {
        return new UpdatePath(leafNode(LeafNodeSource.COMMIT), List.of(
                new UpdatePathNode(bytes(0x61), List.of(new HpkeCiphertext(bytes(1), bytes(2, 3)))),
                new UpdatePathNode(bytes(0x62), List.of())));
    }

    /** One proposal of every type. */
    public static List<Proposal> proposals() {
        return List.of(
                new Add(keyPackage()),
                new Update(leafNode(LeafNodeSource.UPDATE)),
                new Remove(0xfffffffeL),
                new PreSharedKeyProposal(new PreSharedKeyId.External(bytes(1), bytes(2, 2))),
                new PreSharedKeyProposal(new PreSharedKeyId.Resumption(ResumptionPskUsage.BRANCH, bytes(3), -2L,
                        bytes(4))),
                new ReInit(bytes(0x47, 0x48), ProtocolVersion.MLS10, 3, List.of()),
                new ExternalInit(bytes(0x6b)),
                new GroupContextExtensions(List.of(new Extension(ExtensionType.REQUIRED_CAPABILITIES, bytes(0, 0, 0)))));
    }

    public static Commit commit() {
        return new Commit(List.of(new ProposalOrRef.ByValue(new Remove(1)), new ProposalOrRef.ByReference(bytes(0x0f))),
                Optional.of(updatePath()));
    }

    public static GroupInfo groupInfo() {
        return new GroupInfo(groupContext(), List.of(new Extension(ExtensionType.EXTERNAL_PUB, bytes(0, 1))),
                bytes(0xc7), 3, bytes(0x5b));
    }

    public static Welcome welcome() {
        return new Welcome(1, List.of(new EncryptedGroupSecrets(bytes(0x4b), new HpkeCiphertext(bytes(1), bytes(2)))),
                bytes(0xe1, 0xe2));
    }
}
