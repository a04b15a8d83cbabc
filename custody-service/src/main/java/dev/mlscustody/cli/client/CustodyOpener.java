package dev.mlscustody.cli.client;

import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.SoftwareKeyCustody;
import dev.mlscustody.pkcs11.Backend;
import dev.mlscustody.pkcs11.Pkcs11Config;
import dev.mlscustody.pkcs11.Pkcs11KeyCustody;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the key custody of a member: a PKCS#11 token named by a {@code pkcs11:} URI given with
 * {@code client --keys}, or software keys kept in the member's folder.
 */
final class CustodyOpener {
    private CustodyOpener() {
    }

    static KeyCustody open(Optional<String> keysUri, Backend backend, Path softwareKeyDir) throws ClientException, KeyCustodyException {
        if (keysUri.isEmpty()) {
            return SoftwareKeyCustody.persistent(softwareKeyDir);
        }
        Pkcs11Config config;
        try {
            config = Pkcs11Config.fromUri(keysUri.get(), backend);
        } catch (IllegalArgumentException e) {
            throw new ClientException("--keys: " + e.getMessage());
        }
        return Pkcs11KeyCustody.open(config);
    }
}
