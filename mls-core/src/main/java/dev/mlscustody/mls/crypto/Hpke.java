package dev.mlscustody.mls.crypto;

import java.util.Objects;

/**
 * RFC 9180 HPKE in base mode (mode_base = 0x00) for one (KEM, KDF, AEAD) combination, written once
 * over the {@link HpkePrivateKey} handle: decapsulation asks the handle only for DH(skR, enc), so a
 * token-held key never leaves the token, and ExtractAndExpand, the key schedule and the AEAD run here.
 * Instances are immutable and thread-safe; contexts are thread-safe.
 */
public final class Hpke {
    private static final int MODE_BASE = 0x00;

    private final KemId kem;
    private final KdfId kdf;
    private final AeadId aead;
    private final DhGroup group;
    private final Kdf kemKdf;
    private final Kdf scheduleKdf;
    private final Aead aeadImpl;
    private final byte[] kemSuiteId;
    private final byte[] hpkeSuiteId;
    /** RFC 9180 §5.1: psk_id_hash for the empty base-mode psk_id, the same for every setup. */
    private final byte[] pskIdHash;

    private Hpke(KemId kem, KdfId kdf, AeadId aead) {
        this.kem = kem;
        this.kdf = kdf;
        this.aead = aead;
        this.group = DhGroup.of(kem);
        this.kemKdf = Kdf.of(kem.kdf());
        this.scheduleKdf = Kdf.of(kdf);
        this.aeadImpl = Aead.of(aead);
        this.kemSuiteId = DhGroup.kemSuiteId(kem);
        // RFC 9180 §5.1: suite_id = concat("HPKE", I2OSP(kem_id, 2), I2OSP(kdf_id, 2), I2OSP(aead_id, 2))
        this.hpkeSuiteId = Bytes.concat(Kdf.ascii("HPKE"), Bytes.i2osp(kem.codePoint(), 2),
                Bytes.i2osp(kdf.codePoint(), 2), Bytes.i2osp(aead.codePoint(), 2));
        this.pskIdHash = scheduleKdf.labeledExtract(hpkeSuiteId, Bytes.EMPTY, "psk_id_hash", Bytes.EMPTY);
    }

    public static Hpke of(KemId kem, KdfId kdf, AeadId aead) {
        return new Hpke(Objects.requireNonNull(kem, "kem"), Objects.requireNonNull(kdf, "kdf"),
                Objects.requireNonNull(aead, "aead"));
    }

    public KemId kem() {
        return kem;
    }

    public KdfId kdf() {
        return kdf;
    }

    public AeadId aead() {
        return aead;
    }

    /** RFC 9180 §7.1.4: whether {@code publicKey} deserializes to a valid public key of this KEM. */
    public boolean isValidPublicKey(byte[] publicKey) {
        return group.isValidPublicKey(publicKey);
    }

    /** RFC 9180 §4 GenerateKeyPair, as a software handle. */
    public SoftwareHpkeKey generateKeyPair() {
        return SoftwareHpkeKey.generate(kem);
    }

    /** RFC 9180 §7.1.3 DeriveKeyPair(ikm), as a software handle. */
    public SoftwareHpkeKey deriveKeyPair(byte[] ikm) throws CryptoException {
        return SoftwareHpkeKey.derive(kem, ikm);
    }

    // ---- KEM (RFC 9180 §4.1) ----

    /** ExtractAndExpand(dh, kem_context). */
    private byte[] extractAndExpand(byte[] dh, byte[] kemContext) {
        byte[] eaePrk = kemKdf.labeledExtract(kemSuiteId, Bytes.EMPTY, "eae_prk", dh);
        return kemKdf.labeledExpand(kemSuiteId, eaePrk, "shared_secret", kemContext, kem.nSecret());
    }

    private record Encapsulation(byte[] sharedSecret, byte[] enc) {
    }

    private Encapsulation encap(byte[] pkR, byte[] ephemeralPrivateKey) throws CryptoException {
        if (!group.isValidPublicKey(pkR)) {
            throw new CryptoException("HPKE encap: invalid recipient public key");
        }
        byte[] enc = group.publicKeyOf(ephemeralPrivateKey);
        byte[] dh = group.dh(ephemeralPrivateKey, pkR);
        return new Encapsulation(extractAndExpand(dh, Bytes.concat(enc, pkR)), enc);
    }

    private byte[] decap(byte[] enc, HpkePrivateKey skR) throws CryptoException {
        if (skR.kem() != kem) {
            throw new CryptoException("HPKE decap: key is for " + skR.kem() + ", suite uses " + kem);
        }
        if (!group.isValidPublicKey(enc)) {
            throw new CryptoException("HPKE decap: invalid encapsulated key");
        }
        byte[] dh = skR.dh(enc.clone());
        // A custody handle (e.g. a token) may not check its output: enforce RFC 9180 §7.1.4 here too.
        if (dh == null || dh.length != kem.nDh() || (kem.isMontgomery() && Bytes.isAllZero(dh))) {
            throw new CryptoException("HPKE decap: invalid DH output");
        }
        return extractAndExpand(dh, Bytes.concat(enc, skR.publicKey()));
    }

    // ---- Key schedule (RFC 9180 §5.1) ----

    private Context keySchedule(byte[] sharedSecret, byte[] info) {
        return keyScheduleWithInfoHash(sharedSecret, infoHash(info));
    }

    private byte[] infoHash(byte[] info) {
        return scheduleKdf.labeledExtract(hpkeSuiteId, Bytes.EMPTY, "info_hash", info);
    }

    /**
     * An {@code info} whose hash (RFC 9180 §5.1 {@code info_hash}) is computed once, for sealing
     * to many recipients with the same info (e.g. one Welcome to many joiners, whose info holds
     * the whole encrypted GroupInfo).
     */
    public final class PreparedInfo {
        private final byte[] infoHash;

        private PreparedInfo(byte[] infoHash) {
            this.infoHash = infoHash;
        }
    }

    public PreparedInfo prepareInfo(byte[] info) {
        return new PreparedInfo(infoHash(Objects.requireNonNull(info, "info")));
    }

    /** Single-shot SealBase (RFC 9180 §6.1) with a prepared info. */
    public HpkeCiphertext seal(byte[] pkR, PreparedInfo info, byte[] aad, byte[] plaintext) throws CryptoException {
        Encapsulation e = encap(pkR, group.generatePrivateKey());
        Context c = keyScheduleWithInfoHash(e.sharedSecret(), info.infoHash);
        return new HpkeCiphertext(e.enc(), c.seal(aad, plaintext));
    }

    private Context keyScheduleWithInfoHash(byte[] sharedSecret, byte[] infoHash) {
        byte[] keyScheduleContext = Bytes.concat(new byte[] {MODE_BASE}, pskIdHash, infoHash);
        byte[] secret = scheduleKdf.labeledExtract(hpkeSuiteId, sharedSecret, "secret", Bytes.EMPTY);
        byte[] key = scheduleKdf.labeledExpand(hpkeSuiteId, secret, "key", keyScheduleContext, aead.nk());
        byte[] baseNonce = scheduleKdf.labeledExpand(hpkeSuiteId, secret, "base_nonce", keyScheduleContext, aead.nn());
        byte[] exporterSecret = scheduleKdf.labeledExpand(hpkeSuiteId, secret, "exp", keyScheduleContext, kdf.nh());
        return new Context(key, baseNonce, exporterSecret);
    }

    /** The result of SetupBaseS: the encapsulated key to send and the sender context. */
    public record SenderSetup(byte[] enc, Context context) {
    }

    /** RFC 9180 §5.1.1 SetupBaseS(pkR, info) with a fresh random ephemeral key. */
    public SenderSetup setupBaseS(byte[] pkR, byte[] info) throws CryptoException {
        return setupWithEphemeral(pkR, info, group.generatePrivateKey());
    }

    /**
     * SetupBaseS with the ephemeral key pair derived from {@code ikmE} (RFC 9180 §7.1.3), as in
     * the RFC 9180 Appendix A test vectors. For tests only: reusing {@code ikmE} breaks HPKE.
     */
    public SenderSetup setupBaseSDeterministic(byte[] pkR, byte[] info, byte[] ikmE) throws CryptoException {
        return setupWithEphemeral(pkR, info, group.derivePrivateKey(Objects.requireNonNull(ikmE, "ikmE")));
    }

    private SenderSetup setupWithEphemeral(byte[] pkR, byte[] info, byte[] skE) throws CryptoException {
        Objects.requireNonNull(info, "info");
        Encapsulation e = encap(pkR, skE);
        return new SenderSetup(e.enc(), keySchedule(e.sharedSecret(), info));
    }

    /** RFC 9180 §5.1.1 SetupBaseR(enc, skR, info). */
    public Context setupBaseR(byte[] enc, HpkePrivateKey skR, byte[] info) throws CryptoException {
        Objects.requireNonNull(skR, "skR");
        Objects.requireNonNull(info, "info");
        return keySchedule(decap(enc, skR), info);
    }

    /** RFC 9180 §6.1 single-shot SealBase: returns (enc, ct). */
    public HpkeCiphertext seal(byte[] pkR, byte[] info, byte[] aad, byte[] plaintext) throws CryptoException {
        SenderSetup s = setupBaseS(pkR, info);
        return new HpkeCiphertext(s.enc(), s.context().seal(aad, plaintext));
    }

    /** RFC 9180 §6.1 single-shot OpenBase. */
    public byte[] open(HpkePrivateKey skR, byte[] enc, byte[] info, byte[] aad, byte[] ciphertext) throws CryptoException {
        return setupBaseR(enc, skR, info).open(aad, ciphertext);
    }

    /**
     * An HPKE encryption context (RFC 9180 §5.2): key, base nonce, sequence number, exporter
     * secret. A sender uses {@link #seal}, a recipient {@link #open}; both may {@link #export}.
     */
    public final class Context {
        private final byte[] key;
        private final byte[] baseNonce;
        private final byte[] exporterSecret;
        private long seq;

        private Context(byte[] key, byte[] baseNonce, byte[] exporterSecret) {
            this.key = key;
            this.baseNonce = baseNonce;
            this.exporterSecret = exporterSecret;
        }

        /** ComputeNonce(seq) = base_nonce XOR I2OSP(seq, Nn). */
        private byte[] nonce(long sequence) {
            byte[] n = baseNonce.clone();
            byte[] s = Bytes.i2osp(sequence, n.length);
            for (int i = 0; i < n.length; i++) {
                n[i] ^= s[i];
            }
            return n;
        }

        private void checkLimit() throws CryptoException {
            if (seq == Long.MAX_VALUE) {
                throw new CryptoException("HPKE: message limit reached");
            }
        }

        /** ContextS.Seal(aad, pt); increments the sequence number. */
        public synchronized byte[] seal(byte[] aad, byte[] plaintext) throws CryptoException {
            checkLimit();
            byte[] ct = aeadImpl.seal(key, nonce(seq), Objects.requireNonNull(aad, "aad"),
                    Objects.requireNonNull(plaintext, "plaintext"));
            seq++;
            return ct;
        }

        /** ContextR.Open(aad, ct); increments the sequence number only on success. */
        public synchronized byte[] open(byte[] aad, byte[] ciphertext) throws CryptoException {
            checkLimit();
            byte[] pt = aeadImpl.open(key, nonce(seq), aad, ciphertext);
            seq++;
            return pt;
        }

        /** RFC 9180 §5.3 Export(exporter_context, L) = LabeledExpand(exporter_secret, "sec", exporter_context, L). */
        public byte[] export(byte[] exporterContext, int length) {
            if (length < 0 || length > 255 * kdf.nh()) {
                throw new IllegalArgumentException("HPKE export length out of range: " + length);
            }
            return scheduleKdf.labeledExpand(hpkeSuiteId, exporterSecret, "sec",
                    Objects.requireNonNull(exporterContext, "exporterContext"), length);
        }

        /** The next sequence number. */
        public synchronized long sequenceNumber() {
            return seq;
        }

        @Override
        public String toString() {
            return "Hpke.Context[" + kem + ", " + kdf + ", " + aead + "]";
        }
    }

    @Override
    public String toString() {
        return "Hpke[" + kem + ", " + kdf + ", " + aead + "]";
    }
}
