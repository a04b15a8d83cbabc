package dev.mlscustody.mls.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.math.ec.rfc8032.Ed448;

/**
 * Software signature primitives (RFC 9420 §5.1.2) over raw key bytes, on the Bouncy Castle
 * lightweight API: measured on JDK 25 against SunEC ({@code PrimitiveChoiceBench}) BC Ed25519 signs
 * ~20x and verifies ~7x faster; BC ECDSA P-256 (custom-curve field arithmetic) signs ~1.3x and
 * verifies ~7x faster. Private keys: EdDSA seeds (RFC 8032) and ECDSA big-endian scalars.
 * {@link #verify} never throws: every malformed input yields {@code false}.
 */
sealed interface SignatureAlgorithm {
    SignatureScheme scheme();

    byte[] generatePrivateKey();

    /** Checks the encoding of a private key and returns its public key; null if malformed. */
    byte[] publicKeyOf(byte[] privateKey);

    byte[] sign(byte[] privateKey, byte[] publicKey, byte[] message);

    boolean verify(byte[] publicKey, byte[] message, byte[] signature);

    /** Whether {@code publicKey} decodes to a valid public key (a point of the right group). */
    boolean isValidPublicKey(byte[] publicKey);

    /**
     * Decoded verification keys kept per EdDSA algorithm ({@link PublicKeyCache}): a member verifies
     * signatures from the same few keys over and over. An entry is a few hundred bytes.
     */
    int EDDSA_KEY_CACHE_SIZE = 4096;

    /**
     * Decoded verification keys kept per ECDSA curve. An entry also keeps the precomputation Bouncy
     * Castle attaches to a reused point (which makes repeat verifications faster still): measured
     * ~7 KiB (P-256) to ~16 KiB (P-521), so at most ~16 MiB per curve.
     */
    int ECDSA_KEY_CACHE_SIZE = 1024;

    static SignatureAlgorithm of(SignatureScheme scheme) {
        return switch (scheme) {
            case ED25519 -> EdDsa25519.INSTANCE;
            case ED448 -> EdDsa448.INSTANCE;
            case ECDSA_SECP256R1_SHA256 -> Ecdsa.P256;
            case ECDSA_SECP384R1_SHA384 -> Ecdsa.P384;
            case ECDSA_SECP521R1_SHA512 -> Ecdsa.P521;
        };
    }

    /** Ed25519 (RFC 8032 §5.1), pure mode. */
    final class EdDsa25519 implements SignatureAlgorithm {
        static final EdDsa25519 INSTANCE = new EdDsa25519(EDDSA_KEY_CACHE_SIZE);

        final PublicKeyCache<Ed25519.PublicPoint> verificationKeys;

        /** A separate instance with its own cache of {@code cacheCapacity} keys (tests). */
        EdDsa25519(int cacheCapacity) {
            this.verificationKeys = new PublicKeyCache<>(cacheCapacity, EdDsa25519::decodeVerificationKey);
        }

        @Override
        public SignatureScheme scheme() {
            return SignatureScheme.ED25519;
        }

        @Override
        public byte[] generatePrivateKey() {
            return Bytes.random(Ed25519.SECRET_KEY_SIZE);
        }

        @Override
        public byte[] publicKeyOf(byte[] privateKey) {
            if (privateKey == null || privateKey.length != Ed25519.SECRET_KEY_SIZE) {
                return null;
            }
            byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
            Ed25519.generatePublicKey(privateKey, 0, pk, 0);
            return pk;
        }

        @Override
        public byte[] sign(byte[] privateKey, byte[] publicKey, byte[] message) {
            byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
            Ed25519.sign(privateKey, 0, publicKey, 0, message, 0, message.length, sig, 0);
            return sig;
        }

        @Override
        public boolean isValidPublicKey(byte[] publicKey) {
            try {
                return publicKey != null && publicKey.length == Ed25519.PUBLIC_KEY_SIZE
                        && Ed25519.validatePublicKeyFull(publicKey, 0);
            } catch (RuntimeException e) {
                return false;
            }
        }

        /**
         * The point {@code Ed25519.verify} would decode from these bytes, or null if it would reject
         * them. "Partial" validation applies exactly the checks that verification applies to A
         * (canonical y, not a low-order y, on the curve; no prime-order check, which "Full" would
         * add). The re-encoding check makes sure the point verifies exactly like the bytes, as the
         * verification hash uses the point's encoding.
         */
        static Ed25519.PublicPoint decodeVerificationKey(byte[] publicKey) {
            if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
                return null;
            }
            try {
                Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(publicKey, 0);
                if (point == null) {
                    return null;
                }
                byte[] encoded = new byte[Ed25519.PUBLIC_KEY_SIZE];
                Ed25519.encodePublicPoint(point, encoded, 0);
                return java.util.Arrays.equals(encoded, publicKey) ? point : null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
            if (publicKey == null || message == null || signature == null
                    || publicKey.length != Ed25519.PUBLIC_KEY_SIZE || signature.length != Ed25519.SIGNATURE_SIZE) {
                return false;
            }
            try {
                Ed25519.PublicPoint point = verificationKeys.get(publicKey);
                if (point != null) {
                    return Ed25519.verify(signature, 0, point, message, 0, message.length);
                }
                // Not cached (the key is invalid): the uncached path decides, exactly as before.
                return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    /** Ed448 (RFC 8032 §5.2), pure mode with an empty context. */
    final class EdDsa448 implements SignatureAlgorithm {
        static final EdDsa448 INSTANCE = new EdDsa448(EDDSA_KEY_CACHE_SIZE);
        private static final byte[] NO_CONTEXT = new byte[0];

        final PublicKeyCache<Ed448.PublicPoint> verificationKeys;

        /** A separate instance with its own cache of {@code cacheCapacity} keys (tests). */
        EdDsa448(int cacheCapacity) {
            this.verificationKeys = new PublicKeyCache<>(cacheCapacity, EdDsa448::decodeVerificationKey);
        }

        @Override
        public SignatureScheme scheme() {
            return SignatureScheme.ED448;
        }

        @Override
        public byte[] generatePrivateKey() {
            return Bytes.random(Ed448.SECRET_KEY_SIZE);
        }

        @Override
        public byte[] publicKeyOf(byte[] privateKey) {
            if (privateKey == null || privateKey.length != Ed448.SECRET_KEY_SIZE) {
                return null;
            }
            byte[] pk = new byte[Ed448.PUBLIC_KEY_SIZE];
            Ed448.generatePublicKey(privateKey, 0, pk, 0);
            return pk;
        }

        @Override
        public byte[] sign(byte[] privateKey, byte[] publicKey, byte[] message) {
            byte[] sig = new byte[Ed448.SIGNATURE_SIZE];
            Ed448.sign(privateKey, 0, publicKey, 0, NO_CONTEXT, message, 0, message.length, sig, 0);
            return sig;
        }

        @Override
        public boolean isValidPublicKey(byte[] publicKey) {
            try {
                return publicKey != null && publicKey.length == Ed448.PUBLIC_KEY_SIZE
                        && Ed448.validatePublicKeyFull(publicKey, 0);
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** As {@link EdDsa25519#decodeVerificationKey}, for Ed448. */
        static Ed448.PublicPoint decodeVerificationKey(byte[] publicKey) {
            if (publicKey.length != Ed448.PUBLIC_KEY_SIZE) {
                return null;
            }
            try {
                Ed448.PublicPoint point = Ed448.validatePublicKeyPartialExport(publicKey, 0);
                if (point == null) {
                    return null;
                }
                byte[] encoded = new byte[Ed448.PUBLIC_KEY_SIZE];
                Ed448.encodePublicPoint(point, encoded, 0);
                return java.util.Arrays.equals(encoded, publicKey) ? point : null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
            if (publicKey == null || message == null || signature == null
                    || publicKey.length != Ed448.PUBLIC_KEY_SIZE || signature.length != Ed448.SIGNATURE_SIZE) {
                return false;
            }
            try {
                Ed448.PublicPoint point = verificationKeys.get(publicKey);
                if (point != null) {
                    return Ed448.verify(signature, 0, point, NO_CONTEXT, message, 0, message.length);
                }
                // Not cached (the key is invalid): the uncached path decides, exactly as before.
                return Ed448.verify(signature, 0, publicKey, 0, NO_CONTEXT, message, 0, message.length);
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    /**
     * ECDSA over a NIST curve with the scheme's hash; signatures DER-encoded (RFC 9420 §5.1.2 via
     * RFC 8446), nonces deterministic (RFC 6979) so signing never depends on the RNG's health.
     */
    final class Ecdsa implements SignatureAlgorithm {
        static final Ecdsa P256 = new Ecdsa(SignatureScheme.ECDSA_SECP256R1_SHA256, EcKeys.P256, KdfId.HKDF_SHA256,
                ECDSA_KEY_CACHE_SIZE);
        static final Ecdsa P384 = new Ecdsa(SignatureScheme.ECDSA_SECP384R1_SHA384, EcKeys.P384, KdfId.HKDF_SHA384,
                ECDSA_KEY_CACHE_SIZE);
        static final Ecdsa P521 = new Ecdsa(SignatureScheme.ECDSA_SECP521R1_SHA512, EcKeys.P521, KdfId.HKDF_SHA512,
                ECDSA_KEY_CACHE_SIZE);

        private final SignatureScheme scheme;
        private final EcKeys ec;
        private final ECDomainParameters domain;
        private final KdfId hashId;
        private final Kdf hash;
        /**
         * Decoded, validated keys. Sharing a point between threads is safe: Bouncy Castle
         * synchronizes the precomputation it attaches to a point (as for the shared generator).
         */
        final PublicKeyCache<ECPublicKeyParameters> verificationKeys;

        private Ecdsa(SignatureScheme scheme, EcKeys ec, KdfId hashId, int cacheCapacity) {
            this.scheme = scheme;
            this.ec = ec;
            this.domain = ec.domain();
            this.hashId = hashId;
            this.hash = Kdf.of(hashId);
            this.verificationKeys = new PublicKeyCache<>(cacheCapacity, this::decodeVerificationKey);
        }

        /** A separate instance of this algorithm with its own cache of {@code cacheCapacity} keys (tests). */
        Ecdsa withCacheCapacity(int cacheCapacity) {
            return new Ecdsa(scheme, ec, hashId, cacheCapacity);
        }

        @Override
        public SignatureScheme scheme() {
            return scheme;
        }

        ECDomainParameters domain() {
            return domain;
        }

        @Override
        public byte[] generatePrivateKey() {
            return ec.generatePrivateKey();
        }

        /** Big-endian scalar of at most the scalar length, 0 < d < n; null otherwise. */
        private BigInteger scalar(byte[] privateKey) {
            if (privateKey == null || privateKey.length == 0 || privateKey.length > ec.scalarLength()) {
                return null;
            }
            return ec.scalarInRange(privateKey);
        }

        @Override
        public byte[] publicKeyOf(byte[] privateKey) {
            return ec.publicKeyOf(scalar(privateKey));
        }

        private Digest rfc6979Digest() {
            return switch (scheme) {
                case ECDSA_SECP384R1_SHA384 -> new SHA384Digest();
                case ECDSA_SECP521R1_SHA512 -> new SHA512Digest();
                default -> new SHA256Digest();
            };
        }

        @Override
        public byte[] sign(byte[] privateKey, byte[] publicKey, byte[] message) {
            BigInteger d = scalar(privateKey);
            if (d == null) {
                throw new IllegalArgumentException("invalid ECDSA private key");
            }
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(rfc6979Digest()));
            signer.init(true, new ECPrivateKeyParameters(d, domain));
            BigInteger[] rs = signer.generateSignature(hash.hash(message));
            try {
                return StandardDSAEncoding.INSTANCE.encode(domain.getN(), rs[0], rs[1]);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("DER encoding failed", e);
            }
        }

        /**
         * Decodes an uncompressed SEC1 point (RFC 8446 UncompressedPointRepresentation) and checks
         * that it lies on the curve and is not the point at infinity; null otherwise.
         */
        ECPoint decodePublicKey(byte[] publicKey) {
            return ec.decodePublicKey(publicKey);
        }

        @Override
        public boolean isValidPublicKey(byte[] publicKey) {
            return decodePublicKey(publicKey) != null;
        }

        /** The verification key of an uncompressed SEC1 point ({@link #decodePublicKey}); null if invalid. */
        private ECPublicKeyParameters decodeVerificationKey(byte[] publicKey) {
            ECPoint q = decodePublicKey(publicKey);
            if (q == null) {
                return null;
            }
            try {
                return new ECPublicKeyParameters(q, domain);
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
            if (message == null || signature == null) {
                return false;
            }
            ECPublicKeyParameters key = verificationKeys.get(publicKey);
            if (key == null) {
                return false;
            }
            try {
                // Strict DER: StandardDSAEncoding rejects non-canonical encodings and trailing bytes.
                BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(domain.getN(), signature);
                ECDSASigner verifier = new ECDSASigner();
                verifier.init(false, key);
                return verifier.verifySignature(hash.hash(message), rs[0], rs[1]);
            } catch (java.io.IOException | RuntimeException e) {
                return false;
            }
        }
    }
}
