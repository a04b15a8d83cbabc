package dev.mlscustody.mls.crypto;

/** A cipher suite code point that this implementation does not support (RFC 9420 §17.1: only 1..7 are). */
public final class UnsupportedCipherSuiteException extends CryptoException {
    private static final long serialVersionUID = 1L;

    private final int cipherSuite;

    public UnsupportedCipherSuiteException(int cipherSuite) {
        super("unsupported cipher suite 0x" + Integer.toHexString(cipherSuite));
        this.cipherSuite = cipherSuite;
    }

    public int cipherSuite() {
        return cipherSuite;
    }
}
