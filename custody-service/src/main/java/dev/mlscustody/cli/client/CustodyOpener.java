package dev.mlscustody.cli.client;

import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.SoftwareKeyCustody;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the key custody of a member: a PKCS#11 token named by a {@code pkcs11:} URI given with
 * {@code client --keys}, or software keys kept in the member's folder.
 */
final class CustodyOpener {
    private CustodyOpener() {
    }

    static KeyCustody open(Optional<String> keysUri, Path softwareKeyDir) throws ClientException {
        if (keysUri.isEmpty()) {
            return SoftwareKeyCustody.persistent(softwareKeyDir);
        }
        throw new ClientException("--keys: PKCS#11 custody is not available in this build");
    }
}
