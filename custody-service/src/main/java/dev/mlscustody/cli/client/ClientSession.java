package dev.mlscustody.cli.client;

import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.group.CredentialValidator;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.group.GroupConfig;
import dev.mlscustody.mls.group.GroupEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One client call's view of a member: its folder, its key custody and its group environment. */
final class ClientSession implements AutoCloseable {
    final MemberDir dir;
    final KeyCustody custody;
    final DirectoryPskStore psks;

    private ClientSession(MemberDir dir, KeyCustody custody) {
        this.dir = dir;
        this.custody = custody;
        this.psks = new DirectoryPskStore(dir.pskDir());
    }

    static ClientSession open(Path stateDir, Optional<String> keysUri, dev.mlscustody.pkcs11.Backend backend)
            throws ClientException, dev.mlscustody.mls.crypto.KeyCustodyException {
        MemberDir dir = new MemberDir(stateDir);
        return new ClientSession(dir, CustodyOpener.open(keysUri, backend, dir.softwareKeys()));
    }

    /** Handshake messages as PublicMessage when {@code publicHandshake}, else PrivateMessage. */
    GroupEnvironment env(boolean publicHandshake) {
        GroupConfig config = GroupConfig.defaults().withHandshakeAsPrivateMessage(!publicHandshake);
        return new GroupEnvironment(config, custody, psks, CredentialValidator.acceptBasic());
    }

    SignatureKey signer() throws ClientException, MlsException {
        return custody.findSignatureKey(dir.requireProfile().signatureKey());
    }

    Group loadGroup(boolean publicHandshake) throws ClientException, MlsException {
        return dir.loadGroup(env(publicHandshake));
    }

    /** Saves the new state, then destroys the custody keys it no longer references. */
    void commitState(Group group, List<KeyId> superseded) throws ClientException, MlsException {
        dir.saveGroup(group);
        MemberDir.destroyAll(custody, superseded);
    }

    @Override
    public void close() throws Exception {
        if (custody instanceof AutoCloseable c) {
            c.close();
        }
    }
}
