package dev.mlscustody.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SIGN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VERIFY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.KeyAgreement;
import javax.security.auth.login.FailedLoginException;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * The {@code sunpkcs11} backend: the JDK's SunPKCS11 provider, ECDSA and ECDH on P-256, P-384 and
 * P-521 (RFC 9420 suites 2, 5, 7). Ed25519/Ed448/X25519/X448 fail with MECHANISM_NOT_SUPPORTED
 * (SunPKCS11 has no EdDSA/XDH).
 *
 * <p>SunPKCS11 takes key templates from its configuration only, per provider, so two providers are
 * configured on the same slot: one generates signature keys (CKA_SIGN true, CKA_DERIVE false), one
 * HPKE keys (CKA_SIGN false, CKA_DERIVE true); both have the CKO_SECRET_KEY generic-secret template
 * without which {@code KeyAgreement.generateSecret()} cannot read the derived CKA_VALUE. The
 * generated public key object is destroyed at once (see {@code generate}). Each private key is
 * stored in the PKCS11 KeyStore under its {@link KeyId} as alias, with a carrier certificate (CN {@code mls-sig-p256-<id>} etc.; signature
 * keys sign their own, HPKE keys cannot sign so an ephemeral software key signs theirs); the
 * KeyStore sets CKA_ID to the alias bytes. The token is located by label and logged into through
 * {@link SharedModule} (ipkcs11wrapper), which also provides liveness probes and re-initialisation.
 */
final class SunPkcs11KeyCustody extends ReconnectingCustody<SunPkcs11KeyCustody.Connection> implements TokenKeys.Ops {
    private static final System.Logger LOG = System.getLogger(SunPkcs11KeyCustody.class.getName());
    private static final AtomicLong PROVIDER_COUNTER = new AtomicLong();
    private static final Pattern CN = Pattern.compile("CN=mls-(sig|kem)-(p256|p384|p521)-([0-9a-f]+)");
    private static final Set<SignatureScheme> SCHEMES = Set.copyOf(EnumSet.of(SignatureScheme.ECDSA_SECP256R1_SHA256,
            SignatureScheme.ECDSA_SECP384R1_SHA384, SignatureScheme.ECDSA_SECP521R1_SHA512));
    private static final Set<KemId> KEMS = Set.copyOf(EnumSet.of(KemId.DHKEM_P256_HKDF_SHA256,
            KemId.DHKEM_P384_HKDF_SHA384, KemId.DHKEM_P521_HKDF_SHA512));

    private record Entry(long generation, PrivateKey key, Provider provider, Curve curve, boolean signing, byte[] publicKey) {
    }

    /** A provider and its KeyStore. */
    private record Store(Provider provider, KeyStore keyStore) {
    }

    static final class Connection extends ReconnectingCustody.Conn {
        final Store sig;
        final Store kem;
        final ReentrantLock lifecycle;

        Connection(long generation, Slot slot, Session control, Store sig, Store kem, ReentrantLock lifecycle) {
            super(generation, slot, control);
            this.sig = sig;
            this.kem = kem;
            this.lifecycle = lifecycle;
        }

        List<Store> stores() {
            return List.of(sig, kem);
        }

        @Override
        void close(boolean moduleReinitialised) {
            // SunPKCS11 providers have no close; they are dropped. Logging them out would log out the
            // whole process (PKCS#11 login state is per application), so it is not done.
            if (!moduleReinitialised) {
                closeQuietly(control);
            }
        }
    }

    @FunctionalInterface
    private interface Body<T> {
        T run(Connection c) throws GeneralSecurityException, KeyCustodyException, IOException, PKCS11Exception;
    }

    private final ConcurrentHashMap<KeyId, Entry> cache = new ConcurrentHashMap<>();

    private SunPkcs11KeyCustody(Pkcs11Config config, SharedModule shared) {
        super(config, shared);
    }

    static SunPkcs11KeyCustody open(Pkcs11Config config) throws KeyCustodyException {
        return open(config, SunPkcs11KeyCustody::new);
    }

    @Override
    protected Connection connect(long generation, Slot slot, Session loggedIn, String op) throws KeyCustodyException {
        // SunPKCS11 parses "slot" as an int; beyond that, address the slot by its index in C_GetSlotList
        String slotLine = slot.getSlotID() <= Integer.MAX_VALUE ? "slot = " + slot.getSlotID() : "slotListIndex = " + slotIndex(slot);
        Store sig = store(configure("sig", slotLine, true), op);
        Store kem = store(configure("kem", slotLine, false), op);
        return new Connection(generation, slot, loggedIn, sig, kem, shared.lifecycleLock(slot.getSlotID()));
    }

    private int slotIndex(Slot slot) throws KeyCustodyException {
        try {
            Slot[] all = shared.module().getSlotList(false);
            for (int i = 0; i < all.length; i++) {
                if (all[i].getSlotID() == slot.getSlotID()) {
                    return i;
                }
            }
        } catch (PKCS11Exception e) {
            throw Pkcs11Errors.of("open", null, e);
        }
        throw new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, "open", null, "slot vanished from the slot list");
    }

    /** SunPKCS11 configuration (JDK PKCS#11 Reference Guide, "attributes" templates). */
    private Provider configure(String kind, String slotLine, boolean signing) {
        String cfg = String.join("\n",
                "name = mls-" + kind + "-" + PROVIDER_COUNTER.incrementAndGet(),
                "library = \"" + config.modulePath() + "\"",
                slotLine,
                "attributes(generate, CKO_PRIVATE_KEY, CKK_EC) = {",
                "  CKA_TOKEN = true",
                "  CKA_PRIVATE = true",
                "  CKA_SENSITIVE = true",
                "  CKA_EXTRACTABLE = false",
                "  CKA_SIGN = " + signing,
                "  CKA_DERIVE = " + !signing,
                "}",
                "attributes(generate, CKO_PUBLIC_KEY, CKK_EC) = {",
                "  CKA_TOKEN = true",
                "  CKA_VERIFY = " + signing,
                "}",
                "attributes(generate, CKO_SECRET_KEY, CKK_GENERIC_SECRET) = {",
                "  CKA_TOKEN = false",
                "  CKA_SENSITIVE = false",
                "  CKA_EXTRACTABLE = true",
                "}",
                "");
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new ProviderException("the JDK has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
        }
        return base.configure("--" + cfg);
    }

    private Store store(Provider p, String op) throws KeyCustodyException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", p);
            loadStore(ks, op);
            return new Store(p, ks);
        } catch (GeneralSecurityException | ProviderException e) {
            throw map(op, null, e);
        }
    }

    /** KeyStore.load(null, pin): the token is already logged in, so SunPKCS11 does not call C_Login again. */
    private void loadStore(KeyStore ks, String op) throws KeyCustodyException, GeneralSecurityException {
        char[] pin;
        try {
            pin = config.pinSource().readPin();
        } catch (IOException e) {
            throw new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, op, null, "cannot read the PIN from " + config.pinSource());
        }
        try {
            ks.load(null, pin);
        } catch (IOException e) {
            throw map(op, null, e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    @Override
    protected void onReconnect() {
        cache.clear();
    }

    @Override
    public Backend backend() {
        return Backend.SUNPKCS11;
    }

    @Override
    public Set<SignatureScheme> supportedSignatureSchemes() {
        return SCHEMES;
    }

    @Override
    public Set<KemId> supportedKems() {
        return KEMS;
    }

    // ---------------------------------------------------------------- generation

    @Override
    public SignatureKey generateSignatureKey(SignatureScheme scheme) throws KeyCustodyException {
        String op = "generateSignatureKey(" + scheme + ")";
        if (!SCHEMES.contains(scheme)) {
            throw new KeyCustodyException(Reason.MECHANISM_NOT_SUPPORTED, op, null, "SunPKCS11 has no " + scheme);
        }
        Curve curve = Curve.of(scheme);
        KeyId id = TokenKeys.newKeyId();
        Attempts attempts = new Attempts();
        Entry e = destroyingOnFailure(id, () -> call(op, null, c -> generate(c, c.sig, curve, true, id, attempts.isRetry())));
        return new TokenKeys.TokenSignatureKey(this, id, e.publicKey(), scheme);
    }

    @Override
    public HpkePrivateKey generateHpkeKey(KemId kem) throws KeyCustodyException {
        String op = "generateHpkeKey(" + kem + ")";
        if (!KEMS.contains(kem)) {
            throw new KeyCustodyException(Reason.MECHANISM_NOT_SUPPORTED, op, null, "SunPKCS11 has no " + kem);
        }
        Curve curve = Curve.of(kem);
        KeyId id = TokenKeys.newKeyId();
        Attempts attempts = new Attempts();
        Entry e = destroyingOnFailure(id, () -> call(op, null, c -> generate(c, c.kem, curve, false, id, attempts.isRetry())));
        return new TokenKeys.TokenHpkeKey(this, id, e.publicKey(), kem);
    }

    /**
     * Generates the pair as token objects; {@code KeyStore.setKeyEntry} then gives the private key its
     * CKA_ID (P11KeyStore.updateP11Pkey: C_SetAttributeValue) and stores the carrier certificate. Until
     * then the private key has no CKA_ID, so if anything fails in between, the id-less private key that
     * appeared during this generation is destroyed through the wrapper (see {@link #destroyOwnIdless}).
     * The public key object is destroyed at once, found by its point: the public key is kept as bytes.
     * Both are token objects because SunPKCS11 destroys a session-object key when the garbage
     * collector reclaims it, by its handle number, which after a module re-initialisation may name
     * another object.
     */
    private Entry generate(Connection c, Store store, Curve curve, boolean signing, KeyId id, boolean retry)
            throws GeneralSecurityException, PKCS11Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", store.provider());
        kpg.initialize(new ECGenParameterSpec(curve.jcaName));
        String cn = "mls-" + (signing ? "sig" : "kem") + "-" + curve.labelName() + "-" + id.value();
        c.lifecycle.lock();
        try {
            if (retry) {
                sweep(c, id); // a retried generation reuses the id: whatever the failed attempt left goes first
            }
            Set<Long> privateBefore = idless(c, CKO_PRIVATE_KEY);
            Set<Long> publicBefore = idless(c, CKO_PUBLIC_KEY);
            KeyPair kp;
            byte[] pub = null;
            try {
                kp = kpg.generateKeyPair();
                // read before the public key object goes (SunPKCS11 fetches and caches it on first use)
                pub = EcdsaEncoding.uncompressed((ECPublicKey) kp.getPublic(), curve.fieldLength);
                X509Certificate cert;
                if (signing) {
                    cert = SelfSignedCertificates.create(kp.getPublic(), cn, kp.getPrivate(), store.provider(), sigAlg(curve));
                } else {
                    KeyPairGenerator soft = KeyPairGenerator.getInstance("EC", "SunEC");
                    soft.initialize(new ECGenParameterSpec("secp256r1"));
                    KeyPair signer = soft.generateKeyPair();
                    cert = SelfSignedCertificates.create(kp.getPublic(), cn, signer.getPrivate(),
                            Security.getProvider("SunEC"), "SHA256withECDSA");
                }
                destroyPublicKeyObject(c, pub, publicBefore, curve, signing);
                store.keyStore().setKeyEntry(id.value(), kp.getPrivate(), null, new Certificate[] {cert});
            } catch (GeneralSecurityException | PKCS11Exception | RuntimeException e) {
                try {
                    sweep(c, id);
                    destroyPublicKeyObject(c, pub, publicBefore, curve, signing);
                    destroyOwnIdless(c, CKO_PRIVATE_KEY, privateBefore, curve, signing);
                } catch (PKCS11Exception | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            Entry e = new Entry(c.generation, kp.getPrivate(), store.provider(), curve, signing, pub);
            cache.put(id, e);
            LOG.log(Level.DEBUG, "generated {0}", cn);
            return e;
        } finally {
            c.lifecycle.unlock();
        }
    }

    /** Searches return at most this many handles; a full result cannot be compared with a snapshot. */
    private static final int SEARCH_LIMIT = 4096;

    /** Handles of the token objects of this class without CKA_ID; null if there are too many to tell. */
    private static Set<Long> idless(Connection c, long objectClass) throws PKCS11Exception {
        long[] found = c.control.findObjectsSingle(new AttributeVector().class_(objectClass).token(true).id(new byte[0]), SEARCH_LIMIT);
        if (found.length >= SEARCH_LIMIT) {
            return null;
        }
        Set<Long> out = new java.util.HashSet<>();
        for (long h : found) {
            out.add(h);
        }
        return out;
    }

    /**
     * Destroys the generated public key object: the id-less token public key with exactly this point
     * (the point is random, so the match is ours); if the point is unknown (generation failed before it
     * was read), as {@link #destroyOwnIdless}.
     */
    private static void destroyPublicKeyObject(Connection c, byte[] point, Set<Long> before, Curve curve, boolean signing)
            throws PKCS11Exception {
        if (point == null) {
            destroyOwnIdless(c, CKO_PUBLIC_KEY, before, curve, signing);
            return;
        }
        for (byte[] encoding : new byte[][] {derOctetString(point), point}) {
            long[] found = c.control.findObjectsSingle(new AttributeVector().class_(CKO_PUBLIC_KEY).token(true)
                    .id(new byte[0]).ecPoint(encoding), 2);
            if (found.length == 1) {
                c.control.destroyObject(found[0]);
                return;
            }
        }
        destroyOwnIdless(c, CKO_PUBLIC_KEY, before, curve, signing);
    }

    /**
     * Destroys the id-less token object of this class that appeared since {@code before} and carries
     * this curve and usage, if there is exactly one. The lifecycle lock serialises generations in this
     * process, but another process could be generating on the same token: with more than one candidate
     * (or no snapshot) nothing is destroyed and a warning is logged instead.
     */
    private static void destroyOwnIdless(Connection c, long objectClass, Set<Long> before, Curve curve, boolean signing)
            throws PKCS11Exception {
        Set<Long> now = idless(c, objectClass);
        if (before == null || now == null) {
            LOG.log(Level.WARNING, "too many objects without CKA_ID to find the one a failed generation left");
            return;
        }
        List<Long> candidates = new ArrayList<>();
        for (long h : now) {
            if (before.contains(h)) {
                continue;
            }
            AttributeVector a = c.control.getAttrValues(h, CKA_EC_PARAMS, objectClass == CKO_PRIVATE_KEY ? CKA_SIGN : CKA_VERIFY);
            Boolean usage = objectClass == CKO_PRIVATE_KEY ? a.sign() : a.verify();
            if (Arrays.equals(curve.ecParams(), a.ecParams()) && Boolean.valueOf(signing).equals(usage)) {
                candidates.add(h);
            }
        }
        if (candidates.size() == 1) {
            c.control.destroyObject(candidates.get(0));
        } else if (candidates.size() > 1) {
            LOG.log(Level.WARNING, "{0} new objects without CKA_ID after a failed generation (another process generating?): left",
                    candidates.size());
        }
    }

    /** Destroys every private key, public key and certificate object carrying this key id's CKA_ID. */
    private static int sweep(Connection c, KeyId id) throws PKCS11Exception {
        byte[] ckaId = Backend.SUNPKCS11.ckaId(id);
        int swept = 0;
        for (long cls : new long[] {CKO_PRIVATE_KEY, CKO_PUBLIC_KEY, CKO_CERTIFICATE}) {
            for (long h : c.control.findObjectsSingle(new AttributeVector().class_(cls).id(ckaId), 16)) {
                c.control.destroyObject(h);
                swept++;
            }
        }
        return swept;
    }

    /** DER OCTET STRING around {@code value} (the CKA_EC_POINT encoding of PKCS#11 v3.0 §2.3.3). */
    private static byte[] derOctetString(byte[] value) {
        int n = value.length;
        byte[] header = n < 128 ? new byte[] {0x04, (byte) n} : n < 256 ? new byte[] {0x04, (byte) 0x81, (byte) n}
                : new byte[] {0x04, (byte) 0x82, (byte) (n >> 8), (byte) n};
        byte[] out = Arrays.copyOf(header, header.length + n);
        System.arraycopy(value, 0, out, header.length, n);
        return out;
    }

    private static String sigAlg(Curve curve) {
        return switch (curve) {
            case P256 -> "SHA256withECDSA";
            case P384 -> "SHA384withECDSA";
            case P521 -> "SHA512withECDSA";
            default -> throw new IllegalArgumentException(curve + " is not supported by SunPKCS11");
        };
    }

    // ---------------------------------------------------------------- lookup

    @Override
    public SignatureKey findSignatureKey(KeyId id) throws KeyCustodyException {
        String op = "findSignatureKey";
        Entry e = call(op, id, c -> resolve(c, id, op));
        SignatureScheme scheme = TokenKeys.signatureSchemeOf(e.signing(), e.curve(), op, id);
        return new TokenKeys.TokenSignatureKey(this, id, e.publicKey(), scheme);
    }

    @Override
    public HpkePrivateKey findHpkeKey(KeyId id) throws KeyCustodyException {
        String op = "findHpkeKey";
        Entry e = call(op, id, c -> resolve(c, id, op));
        KemId kem = TokenKeys.kemOf(e.signing(), e.curve(), op, id);
        return new TokenKeys.TokenHpkeKey(this, id, e.publicKey(), kem);
    }

    private Entry resolve(Connection c, KeyId id, String op)
            throws GeneralSecurityException, KeyCustodyException {
        Entry e = cache.get(id);
        if (e != null && e.generation() == c.generation) {
            return e;
        }
        c.lifecycle.lock();
        try {
            e = lookup(c, id, op);
            if (e == null) {
                // an entry made after these KeyStores were loaded (e.g. by another custody): reload once
                for (Store s : c.stores()) {
                    loadStore(s.keyStore(), op);
                }
                e = lookup(c, id, op);
            }
            if (e == null) {
                throw healthy(c) ? noSuchKey(op, id) : tokenUnavailable(c, op, id);
            }
            cache.put(id, e);
            return e;
        } finally {
            c.lifecycle.unlock();
        }
    }

    private Entry lookup(Connection c, KeyId id, String op) throws GeneralSecurityException, KeyCustodyException {
        for (Store s : c.stores()) {
            Key k = s.keyStore().getKey(id.value(), null);
            if (!(k instanceof PrivateKey pk)) {
                continue;
            }
            Certificate cert = s.keyStore().getCertificate(id.value());
            if (!(cert instanceof X509Certificate x) || !(x.getPublicKey() instanceof ECPublicKey pub)) {
                throw new KeyCustodyException(Reason.OPERATION_FAILED, op, id, "KeyStore entry has no EC certificate");
            }
            Matcher m = CN.matcher(x.getSubjectX500Principal().getName());
            if (!m.find() || !m.group(3).equals(id.value())) {
                throw new KeyCustodyException(Reason.OPERATION_FAILED, op, id, "KeyStore entry was not made by this adapter");
            }
            Curve curve = Curve.valueOf(m.group(2).toUpperCase(java.util.Locale.ROOT));
            boolean signing = m.group(1).equals("sig");
            return new Entry(c.generation, pk, s.provider(), curve, signing, EcdsaEncoding.uncompressed(pub, curve.fieldLength));
        }
        return null;
    }

    // ---------------------------------------------------------------- operations

    @Override
    public byte[] sign(KeyId id, SignatureScheme scheme, byte[] message) throws KeyCustodyException {
        String op = "sign";
        if (message == null) {
            throw new KeyCustodyException(Reason.INVALID_INPUT, op, id, "message is null");
        }
        return call(op, id, c -> {
            Entry e = resolve(c, id, op);
            TokenKeys.checkSigns(e.signing(), e.curve(), scheme, op, id);
            Signature sig = Signature.getInstance(sigAlg(e.curve()), e.provider()); // DER output
            sig.initSign(e.key());
            sig.update(message);
            return sig.sign();
        });
    }

    @Override
    public byte[] dh(KeyId id, KemId kem, byte[] peerPublicKey) throws KeyCustodyException {
        String op = "dh";
        PeerKeys.validate(kem, peerPublicKey, op, id);
        byte[] out = call(op, id, c -> {
            Entry e = resolve(c, id, op);
            TokenKeys.checkDh(e.signing(), e.curve(), kem, op, id);
            KeyAgreement ka = KeyAgreement.getInstance("ECDH", e.provider());
            ka.init(e.key());
            ka.doPhase(toPublicKey(e.curve(), peerPublicKey), true);
            return ka.generateSecret(); // SunPKCS11 derives a session secret, reads CKA_VALUE, destroys it
        });
        PeerKeys.checkOutput(kem, out, op, id);
        return out;
    }

    private static ECPublicKey toPublicKey(Curve curve, byte[] uncompressed) throws GeneralSecurityException {
        AlgorithmParameters ap = AlgorithmParameters.getInstance("EC", "SunEC");
        ap.init(new ECGenParameterSpec(curve.jcaName));
        ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
        int n = curve.fieldLength;
        ECPoint w = new ECPoint(new java.math.BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 1 + n)),
                new java.math.BigInteger(1, Arrays.copyOfRange(uncompressed, 1 + n, 1 + 2 * n)));
        return (ECPublicKey) KeyFactory.getInstance("EC", "SunEC").generatePublic(new ECPublicKeySpec(w, spec));
    }

    // ---------------------------------------------------------------- destruction

    @Override
    public void destroy(KeyId id) throws KeyCustodyException {
        String op = "destroy";
        call(op, id, c -> {
            c.lifecycle.lock();
            try {
                cache.remove(id);
                for (Store s : c.stores()) {
                    try {
                        if (s.keyStore().getKey(id.value(), null) != null) {
                            s.keyStore().deleteEntry(id.value());
                        }
                    } catch (java.security.KeyStoreException | java.security.UnrecoverableKeyException e) {
                        LOG.log(Level.DEBUG, "KeyStore deleteEntry {0}: {1}", id, e.getMessage());
                    }
                }
                // Sweep whatever the KeyStore left (a certificate whose key was removed elsewhere, or an
                // entry only the other KeyStore knew about): every object with this CKA_ID.
                int swept = sweep(c, id);
                if (swept == 0 && !healthy(c)) {
                    throw tokenUnavailable(c, op, id);
                }
                return null;
            } finally {
                c.lifecycle.unlock();
            }
        });
    }

    // ---------------------------------------------------------------- plumbing

    /** Like the cryptoki backend: one retry on CKR_GENERAL_ERROR / invalid handles; token loss → reconnect later. */
    private <T> T call(String op, KeyId id, Body<T> body) throws KeyCustodyException {
        for (int attempt = 0; ; attempt++) {
            Connection c = enterOperation(op, id); // gate held: no re-initialisation during the attempt
            try {
                return body.run(c);
            } catch (KeyCustodyException e) {
                throw e;
            } catch (PKCS11Exception e) {
                if (Pkcs11Errors.meansUnavailable(e.getErrorCode()) || !healthy(c)) {
                    markLost(c);
                    throw new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, op, id, e.getMessage(), e);
                }
                throw Pkcs11Errors.of(op, id, e);
            } catch (GeneralSecurityException | ProviderException | IOException e) {
                String ckr = Pkcs11Errors.ckrNameIn(e);
                Reason r = Pkcs11Errors.reasonOf(ckr);
                if (r == Reason.TOKEN_UNAVAILABLE || ((ckr == null || ckr.equals("CKR_GENERAL_ERROR")
                        || ckr.equals("CKR_FUNCTION_FAILED")) && !healthy(c))) {
                    markLost(c);
                    throw new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, op, id,
                            (ckr == null ? e.getClass().getSimpleName() : ckr) + "; token '" + config.tokenLabel() + "' unavailable", e);
                }
                if (attempt == 0 && ("CKR_GENERAL_ERROR".equals(ckr) || "CKR_FUNCTION_FAILED".equals(ckr))) {
                    continue;
                }
                if (attempt == 0 && r == Reason.KEY_NOT_FOUND) {
                    // an invalid object/session handle (the key destroyed elsewhere, a session closed under
                    // SunPKCS11): drop the cached handle and run once more; a generation has no key id yet
                    // but the same cure (it reuses its id, so its first attempt's leftovers are swept)
                    if (id != null) {
                        cache.remove(id);
                    }
                    continue;
                }
                throw map(op, id, e);
            } catch (RuntimeException e) {
                throw new KeyCustodyException(Reason.OPERATION_FAILED, op, id, e.getClass().getSimpleName(), e);
            } finally {
                leaveOperation(c);
            }
        }
    }

    private static KeyCustodyException map(String op, KeyId id, Exception e) {
        if (Pkcs11Errors.hasCause(e, FailedLoginException.class)) {
            return new KeyCustodyException(Reason.PIN_INCORRECT, op, id, "login failed", e);
        }
        if (e instanceof java.security.NoSuchAlgorithmException) {
            return new KeyCustodyException(Reason.MECHANISM_NOT_SUPPORTED, op, id, e.getMessage(), e);
        }
        String ckr = Pkcs11Errors.ckrNameIn(e);
        return new KeyCustodyException(Pkcs11Errors.reasonOf(ckr), op, id,
                ckr != null ? ckr : e.getClass().getSimpleName(), e);
    }
}
