package dev.mlscustody.pkcs11;

import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.util.Set;

/**
 * {@link KeyCustody} over a PKCS#11 token. Thread-safe. Open with {@link #open(Pkcs11Config)} and
 * close when done (closing releases sessions; keys stay on the token).
 *
 * <p>If the module or token goes away, operations fail with
 * {@link KeyCustodyException.Reason#TOKEN_UNAVAILABLE}; once it is back the next operation
 * re-initialises the module, logs in again and carries on.
 */
public interface Pkcs11KeyCustody extends KeyCustody, AutoCloseable {

    /**
     * Opens a custody on the configured token: loads the module, finds the token by label, logs in.
     *
     * @throws KeyCustodyException TOKEN_UNAVAILABLE (module, token or PIN source unreachable) or
     *                             PIN_INCORRECT
     */
    static Pkcs11KeyCustody open(Pkcs11Config config) throws KeyCustodyException {
        return switch (config.backend()) {
            case CRYPTOKI -> CryptokiKeyCustody.open(config);
            case SUNPKCS11 -> SunPkcs11KeyCustody.open(config);
        };
    }

    Backend backend();

    /** Signature schemes this token and backend can generate and use (from C_GetMechanismList). */
    Set<SignatureScheme> supportedSignatureSchemes() throws KeyCustodyException;

    /** KEMs whose DH step this token and backend can perform (from C_GetMechanismList). */
    Set<KemId> supportedKems() throws KeyCustodyException;

    @Override
    void close();
}
