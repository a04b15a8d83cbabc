package dev.mlscustody.pkcs11;

import dev.mlscustody.mls.crypto.KeyId;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Which PKCS#11 access layer a {@link Pkcs11KeyCustody} uses. */
public enum Backend {
    /**
     * PKCS#11 v3.0 through {@code org.xipki:ipkcs11wrapper}: every suite the token has mechanisms for
     * (Ed25519, Ed448, ECDSA P-256/384/521, X25519, X448, ECDH P-256/384/521). The default.
     * CKA_ID is 16 random bytes; the {@link KeyId} is their lowercase hex.
     */
    CRYPTOKI,
    /**
     * The JDK's SunPKCS11 provider: ECDSA and ECDH on P-256, P-384 and P-521 only (suites 2, 5, 7).
     * Keys are found again through the PKCS11 KeyStore, which names them by alias: the alias is the
     * {@link KeyId} (32 lowercase hex characters) and the KeyStore sets CKA_ID to its ASCII bytes.
     */
    SUNPKCS11;

    /** The CKA_ID this backend gives the token objects of a key (PKCS#11 v3.0 §4.4). */
    public byte[] ckaId(KeyId id) {
        return switch (this) {
            case CRYPTOKI -> HexFormat.of().parseHex(id.value());
            case SUNPKCS11 -> id.value().getBytes(StandardCharsets.US_ASCII);
        };
    }
}
