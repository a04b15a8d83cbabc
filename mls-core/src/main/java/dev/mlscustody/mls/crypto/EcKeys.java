package dev.mlscustody.mls.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * Key handling on one NIST curve (SEC1), shared by ECDH ({@link DhGroup.NistCurve}) and ECDSA
 * ({@link SignatureAlgorithm.Ecdsa}), on Bouncy Castle's custom-curve arithmetic: private keys are
 * big-endian scalars 0 &lt; d &lt; n, public keys uncompressed points.
 */
final class EcKeys {
    static final EcKeys P256 = new EcKeys("secp256r1");
    static final EcKeys P384 = new EcKeys("secp384r1");
    static final EcKeys P521 = new EcKeys("secp521r1");

    private final ECDomainParameters domain;
    /** Bytes of a serialized scalar: ceil(log2(n) / 8) (RFC 9180 Nsk for the DHKEMs). */
    private final int scalarLength;
    /** Bytes of an uncompressed point: 1 + 2 * field length (RFC 9180 Npk for the DHKEMs). */
    private final int publicKeyLength;

    private EcKeys(String curveName) {
        this.domain = new ECDomainParameters(CustomNamedCurves.getByName(curveName));
        this.scalarLength = (domain.getN().bitLength() + 7) / 8;
        this.publicKeyLength = 1 + 2 * ((domain.getCurve().getFieldSize() + 7) / 8);
    }

    ECDomainParameters domain() {
        return domain;
    }

    int scalarLength() {
        return scalarLength;
    }

    int publicKeyLength() {
        return publicKeyLength;
    }

    /** A uniformly random scalar in [1, n-1], {@link #scalarLength()} bytes big-endian. */
    byte[] generatePrivateKey() {
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, domain.getN().subtract(BigInteger.ONE), Bytes.random());
        return BigIntegers.asUnsignedByteArray(scalarLength, d);
    }

    /** The big-endian scalar if 0 &lt; d &lt; n; null otherwise (the caller checks the length it accepts). */
    BigInteger scalarInRange(byte[] privateKey) {
        BigInteger d = new BigInteger(1, privateKey);
        return d.signum() > 0 && d.compareTo(domain.getN()) < 0 ? d : null;
    }

    /** The uncompressed public point d·G; null if {@code d} is null. */
    byte[] publicKeyOf(BigInteger d) {
        return d == null ? null : new FixedPointCombMultiplier().multiply(domain.getG(), d).getEncoded(false);
    }

    /**
     * Decodes an uncompressed SEC1 point (RFC 9180 §7.1.4, RFC 8446 UncompressedPointRepresentation)
     * and checks that it lies on the curve and is not the point at infinity; null otherwise.
     */
    ECPoint decodePublicKey(byte[] publicKey) {
        if (publicKey == null || publicKey.length != publicKeyLength || publicKey[0] != 0x04) {
            return null;
        }
        try {
            ECPoint p = domain.getCurve().decodePoint(publicKey);
            return p.isInfinity() || !p.isValid() ? null : p;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
