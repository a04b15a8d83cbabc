package dev.mlscustody.mls.crypto;

import dev.mlscustody.mls.codec.TlsWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An MLS cipher suite (RFC 9420 §5.1, §17.1): its primitives and the labelled helpers of RFC 9420
 * §5 (which live here and nowhere else). One immutable, thread-safe instance per suite id 1..7.
 *
 * <p>Primitive choice, measured on JDK 25 (see {@code PrimitiveChoiceBench}): hash, HMAC, HKDF
 * and both AEADs on the JDK (SHA and AES-NI intrinsics); signatures and Diffie-Hellman on the
 * Bouncy Castle lightweight API.
 *
 * <p>Arguments are never null (NullPointerException otherwise); lengths passed to expand
 * functions must be in range (IllegalArgumentException otherwise). Data from the wire that is
 * malformed is reported as {@link CryptoException}, or {@code false} by the verify methods.
 */
public final class CipherSuite {
    private static final String MLS_PREFIX = "MLS 1.0 ";

    private static final CipherSuite[] SUITES = {
        new CipherSuite(1, "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519", KemId.DHKEM_X25519_HKDF_SHA256,
                KdfId.HKDF_SHA256, AeadId.AES_128_GCM, SignatureScheme.ED25519),
        new CipherSuite(2, "MLS_128_DHKEMP256_AES128GCM_SHA256_P256", KemId.DHKEM_P256_HKDF_SHA256,
                KdfId.HKDF_SHA256, AeadId.AES_128_GCM, SignatureScheme.ECDSA_SECP256R1_SHA256),
        new CipherSuite(3, "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519", KemId.DHKEM_X25519_HKDF_SHA256,
                KdfId.HKDF_SHA256, AeadId.CHACHA20_POLY1305, SignatureScheme.ED25519),
        new CipherSuite(4, "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448", KemId.DHKEM_X448_HKDF_SHA512,
                KdfId.HKDF_SHA512, AeadId.AES_256_GCM, SignatureScheme.ED448),
        new CipherSuite(5, "MLS_256_DHKEMP521_AES256GCM_SHA512_P521", KemId.DHKEM_P521_HKDF_SHA512,
                KdfId.HKDF_SHA512, AeadId.AES_256_GCM, SignatureScheme.ECDSA_SECP521R1_SHA512),
        new CipherSuite(6, "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448", KemId.DHKEM_X448_HKDF_SHA512,
                KdfId.HKDF_SHA512, AeadId.CHACHA20_POLY1305, SignatureScheme.ED448),
        new CipherSuite(7, "MLS_256_DHKEMP384_AES256GCM_SHA384_P384", KemId.DHKEM_P384_HKDF_SHA384,
                KdfId.HKDF_SHA384, AeadId.AES_256_GCM, SignatureScheme.ECDSA_SECP384R1_SHA384),
    };
    private static final List<CipherSuite> ALL = List.of(SUITES);

    private final int id;
    private final String name;
    private final KemId kem;
    private final KdfId kdfId;
    private final AeadId aeadId;
    private final SignatureScheme signatureScheme;
    private final Kdf kdf;
    private final Aead aead;
    private final SignatureAlgorithm signature;
    private final Hpke hpke;

    private CipherSuite(int id, String name, KemId kem, KdfId kdf, AeadId aead, SignatureScheme scheme) {
        this.id = id;
        this.name = name;
        this.kem = kem;
        this.kdfId = kdf;
        this.aeadId = aead;
        this.signatureScheme = scheme;
        this.kdf = Kdf.of(kdf);
        this.aead = Aead.of(aead);
        this.signature = SignatureAlgorithm.of(scheme);
        this.hpke = Hpke.of(kem, kdf, aead);
    }

    /** The suite with this RFC 9420 code point. */
    public static CipherSuite of(int id) throws UnsupportedCipherSuiteException {
        if (!isSupported(id)) {
            throw new UnsupportedCipherSuiteException(id);
        }
        return SUITES[id - 1];
    }

    public static boolean isSupported(int id) {
        return id >= 1 && id <= SUITES.length;
    }

    /** Suites 1..7 in code-point order. */
    public static List<CipherSuite> all() {
        return ALL;
    }

    public int id() {
        return id;
    }

    /** The RFC 9420 §17.1 name, e.g. MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519. */
    public String name() {
        return name;
    }

    public KemId kem() {
        return kem;
    }

    public KdfId kdf() {
        return kdfId;
    }

    public AeadId aead() {
        return aeadId;
    }

    public SignatureScheme signatureScheme() {
        return signatureScheme;
    }

    /** Nh: the output length of the suite's hash, KDF.Extract and MAC. */
    public int hashLength() {
        return kdfId.nh();
    }

    // ---- primitives ----

    public byte[] hash(byte[] data) {
        return kdf.hash(Objects.requireNonNull(data, "data"));
    }

    /** RFC 9420 §5.1: the MAC is HMAC with the suite's hash. */
    public byte[] mac(byte[] key, byte[] data) {
        return kdf.hmac(Objects.requireNonNull(key, "key"), Objects.requireNonNull(data, "data"));
    }

    /** Recomputes the MAC and compares it in constant time. */
    public boolean verifyMac(byte[] key, byte[] data, byte[] tag) {
        if (tag == null) {
            return false;
        }
        return Bytes.constantTimeEquals(mac(key, data), tag);
    }

    /** KDF.Extract (HKDF-Extract, RFC 5869 §2.2). */
    public byte[] extract(byte[] salt, byte[] ikm) {
        return kdf.extract(Objects.requireNonNull(salt, "salt"), Objects.requireNonNull(ikm, "ikm"));
    }

    /** KDF.Expand (HKDF-Expand, RFC 5869 §2.3); {@code length} in 0..255*Nh. */
    public byte[] expand(byte[] prk, byte[] info, int length) {
        return kdf.expand(Objects.requireNonNull(prk, "prk"), Objects.requireNonNull(info, "info"), length);
    }

    /** AEAD.Seal; key must be Nk and nonce Nn bytes. Returns ciphertext || tag. */
    public byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        return aead.seal(Objects.requireNonNull(key, "key"), Objects.requireNonNull(nonce, "nonce"),
                Objects.requireNonNull(aad, "aad"), Objects.requireNonNull(plaintext, "plaintext"));
    }

    /** AEAD.Open; a wrong tag, key or nonce is a {@link CryptoException}. */
    public byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) throws CryptoException {
        return aead.open(key, nonce, aad, ciphertext);
    }

    /** Signature.Verify over the raw message; false (never an exception) for any malformed key or signature. */
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        return this.signature.verify(publicKey, message, signature);
    }

    /**
     * Whether {@code publicKey} is a valid signature public key of this suite: a point on the
     * curve (uncompressed, not the identity) for ECDSA, a decodable point of the full-order
     * subgroup for EdDSA (RFC 8032 §5.1.3 / §5.2.3).
     */
    public boolean isValidSignaturePublicKey(byte[] publicKey) {
        return signature.isValidPublicKey(publicKey);
    }

    /** Whether {@code publicKey} is a valid HPKE public key of this suite's KEM (RFC 9180 §7.1.4). */
    public boolean isValidHpkePublicKey(byte[] publicKey) {
        return hpke.isValidPublicKey(publicKey);
    }

    public byte[] randomBytes(int n) {
        return Bytes.random(n);
    }

    /** HPKE (RFC 9180 base mode) with this suite's KEM, KDF and AEAD. */
    public Hpke hpke() {
        return hpke;
    }

    /** A fresh software signature key of this suite's scheme. */
    public SoftwareSignatureKey generateSignatureKey() {
        return SoftwareSignatureKey.generate(signatureScheme);
    }

    /** A fresh software HPKE key of this suite's KEM. */
    public SoftwareHpkeKey generateHpkeKey() {
        return SoftwareHpkeKey.generate(kem);
    }

    /** RFC 9180 §7.1.3 DeriveKeyPair(ikm) as a software handle (RFC 9420 §7.4 node keys). */
    public SoftwareHpkeKey deriveHpkeKeyPair(byte[] ikm) throws CryptoException {
        return SoftwareHpkeKey.derive(kem, ikm);
    }

    // ---- labelled helpers, RFC 9420 §5 and §8 ----

    private static byte[] mlsLabel(String label) {
        return (MLS_PREFIX + Objects.requireNonNull(label, "label")).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * RFC 9420 §8: ExpandWithLabel(Secret, Label, Context, Length) = KDF.Expand(Secret, KDFLabel, Length)
     * with KDFLabel = struct { uint16 length; opaque label<V> = "MLS 1.0 " + Label; opaque context<V>; }.
     */
    public byte[] expandWithLabel(byte[] secret, String label, byte[] context, int length) {
        if (length < 0 || length > 0xffff) {
            throw new IllegalArgumentException("ExpandWithLabel length out of range: " + length);
        }
        byte[] kdfLabel = new TlsWriter(16 + label.length() + context.length)
                .u16(length).opaque(mlsLabel(label)).opaque(context).toByteArray();
        return expand(secret, kdfLabel, length);
    }

    /** RFC 9420 §8: DeriveSecret(Secret, Label) = ExpandWithLabel(Secret, Label, "", Nh). */
    public byte[] deriveSecret(byte[] secret, String label) {
        return expandWithLabel(secret, label, Bytes.EMPTY, hashLength());
    }

    /** RFC 9420 §9: DeriveTreeSecret(Secret, Label, Generation, Length), generation a big-endian uint32. */
    public byte[] deriveTreeSecret(byte[] secret, String label, long generation, int length) {
        if (generation < 0 || generation > 0xffffffffL) {
            throw new IllegalArgumentException("generation out of uint32 range: " + generation);
        }
        return expandWithLabel(secret, label, Bytes.i2osp(generation, 4), length);
    }

    /**
     * RFC 9420 §5.2: RefHash(label, value) = Hash(RefHashInput) with
     * RefHashInput = struct { opaque label<V>; opaque value<V>; }. The label is used as given
     * (e.g. "MLS 1.0 KeyPackage Reference"): no prefix is added.
     */
    public byte[] refHash(String label, byte[] value) {
        byte[] input = new TlsWriter(16 + label.length() + value.length)
                .opaque(label.getBytes(StandardCharsets.US_ASCII)).opaque(value).toByteArray();
        return hash(input);
    }

    /** RFC 9420 §5.1.2: SignContent = struct { opaque label<V> = "MLS 1.0 " + Label; opaque content<V>; }. */
    private static byte[] signContent(String label, byte[] content) {
        return new TlsWriter(16 + label.length() + content.length)
                .opaque(mlsLabel(label)).opaque(content).toByteArray();
    }

    /** RFC 9420 §5.1.2 SignWithLabel; the key must be of this suite's signature scheme. */
    public byte[] signWithLabel(SignatureKey key, String label, byte[] content) throws KeyCustodyException {
        Objects.requireNonNull(key, "key");
        if (key.scheme() != signatureScheme) {
            throw new KeyCustodyException(KeyCustodyException.Reason.INVALID_INPUT, "sign", key.id(),
                    "key scheme " + key.scheme() + " does not match cipher suite " + id);
        }
        return key.sign(signContent(label, Objects.requireNonNull(content, "content")));
    }

    /** RFC 9420 §5.1.2 VerifyWithLabel; false (never an exception) for anything malformed. */
    public boolean verifyWithLabel(byte[] publicKey, String label, byte[] content, byte[] signature) {
        if (label == null || content == null) {
            return false;
        }
        return verify(publicKey, signContent(label, content), signature);
    }

    /** RFC 9420 §5.1.3: EncryptContext = struct { opaque label<V> = "MLS 1.0 " + Label; opaque context<V>; }. */
    private static byte[] encryptContext(String label, byte[] context) {
        return new TlsWriter(16 + label.length() + context.length)
                .opaque(mlsLabel(label)).opaque(context).toByteArray();
    }

    /** RFC 9420 §5.1.3 EncryptWithLabel = SealBase(PublicKey, EncryptContext, "", Plaintext). */
    public HpkeCiphertext encryptWithLabel(byte[] publicKey, String label, byte[] context, byte[] plaintext)
            throws CryptoException {
        byte[] info = encryptContext(label, Objects.requireNonNull(context, "context"));
        return hpke.seal(publicKey, info, Bytes.EMPTY, Objects.requireNonNull(plaintext, "plaintext"));
    }

    /**
     * The EncryptContext of §5.1.3 prepared once for many EncryptWithLabel calls with the same
     * label and context (its HPKE info hash is computed once).
     */
    public Hpke.PreparedInfo prepareEncryptContext(String label, byte[] context) {
        return hpke.prepareInfo(encryptContext(label, Objects.requireNonNull(context, "context")));
    }

    /** EncryptWithLabel with a context from {@link #prepareEncryptContext}. */
    public HpkeCiphertext encryptWithLabel(byte[] publicKey, Hpke.PreparedInfo context, byte[] plaintext)
            throws CryptoException {
        return hpke.seal(publicKey, context, Bytes.EMPTY, Objects.requireNonNull(plaintext, "plaintext"));
    }

    /** RFC 9420 §5.1.3 DecryptWithLabel = OpenBase(KEMOutput, PrivateKey, EncryptContext, "", Ciphertext). */
    public byte[] decryptWithLabel(HpkePrivateKey key, String label, byte[] context, HpkeCiphertext ciphertext)
            throws CryptoException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.kemOutput() == null || ciphertext.ciphertext() == null) {
            throw new CryptoException("DecryptWithLabel: incomplete HPKECiphertext");
        }
        byte[] info = encryptContext(label, Objects.requireNonNull(context, "context"));
        return hpke.open(key, ciphertext.kemOutput(), info, Bytes.EMPTY, ciphertext.ciphertext());
    }

    @Override
    public String toString() {
        return name + " (0x" + String.format("%04x", id) + ")";
    }
}
