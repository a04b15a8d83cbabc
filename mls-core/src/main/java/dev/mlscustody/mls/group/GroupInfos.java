package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.ExtensionType;
import dev.mlscustody.mls.message.ExternalPub;
import dev.mlscustody.mls.message.GroupInfo;
import java.util.ArrayList;
import java.util.List;

/** GroupInfo creation (RFC 9420 §12.4.3): signed by us, optionally with ratchet_tree and external_pub. */
final class GroupInfos {
    private GroupInfos() {
    }

    static GroupInfo create(CipherSuite suite, EpochState epoch, SignatureKey signer, boolean withTree,
                            boolean withExternalPub) throws KeyCustodyException, CryptoException {
        List<Extension> extensions = new ArrayList<>();
        if (withTree) {
            extensions.add(new Extension(ExtensionType.RATCHET_TREE, epoch.tree().encode()));
        }
        if (withExternalPub) {
            // §8: external_pub = the public key derived from external_secret
            byte[] pub = suite.deriveHpkeKeyPair(epoch.secrets().externalSecret()).publicKey();
            extensions.add(new ExternalPub(pub).toExtension());
        }
        GroupInfo unsigned = new GroupInfo(epoch.context(), extensions, epoch.confirmationTag(), epoch.ownLeaf(),
                new byte[0]);
        byte[] sig = Crypto.sign(suite, signer, "GroupInfoTBS", unsigned.encodeTbs());
        return new GroupInfo(epoch.context(), extensions, epoch.confirmationTag(), epoch.ownLeaf(), sig);
    }
}
