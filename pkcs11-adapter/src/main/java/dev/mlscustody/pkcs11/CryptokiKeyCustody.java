package dev.mlscustody.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_DERIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_PARAMS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_KEY_TYPE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SIGN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKD_NULL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC_EDWARDS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC_MONTGOMERY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_GENERIC_SECRET;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDH1_DERIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_EDWARDS_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_MONTGOMERY_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EDDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_ARGUMENTS_BAD;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_DOMAIN_PARAMS_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_FUNCTION_FAILED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_GENERAL_ERROR;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_KEY_HANDLE_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_MECHANISM_PARAM_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_OBJECT_HANDLE_INVALID;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.MechanismInfo;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11KeyPair;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.params.ECDH1_DERIVE_PARAMS;

/**
 * The {@code cryptoki} backend: PKCS#11 v3.0 through ipkcs11wrapper.
 *
 * <p>Objects per key: a token private key (CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE true,
 * CKA_EXTRACTABLE false; signature keys CKA_SIGN only, HPKE keys CKA_DERIVE only) and a token public
 * key with the same CKA_ID and CKA_LABEL (it carries CKA_EC_POINT, which a private key does not have,
 * so the key can be found again after a restart); both are created by one C_GenerateKeyPair and
 * destroyed together. CKA_ID is 16 random bytes; the {@link KeyId} is their lowercase hex.
 */
final class CryptokiKeyCustody extends ReconnectingCustody<CryptokiKeyCustody.Connection> implements TokenKeys.Ops {
    private static final System.Logger LOG = System.getLogger(CryptokiKeyCustody.class.getName());

    /** A resolved key: object handles are valid only for {@code generation}. */
    private record KeyEntry(long generation, long privateHandle, long publicHandle, Curve curve, boolean signing,
                            byte[] publicKey) {
    }

    /** What the token's mechanism list allows (PKCS#11 v3.0 §5.5 C_GetMechanismList / C_GetMechanismInfo). */
    record Capabilities(Set<SignatureScheme> signatureSchemes, Set<KemId> kems, boolean montgomeryKeyGen) {
        static Capabilities detect(Token token) {
            long[] list = token.getMechanismList();
            Set<Long> mechs = new java.util.HashSet<>();
            for (long m : list) {
                mechs.add(m);
            }
            EnumSet<SignatureScheme> sigs = EnumSet.noneOf(SignatureScheme.class);
            EnumSet<KemId> kems = EnumSet.noneOf(KemId.class);
            boolean ecGen = mechs.contains(CKM_EC_KEY_PAIR_GEN);
            boolean edGen = mechs.contains(CKM_EC_EDWARDS_KEY_PAIR_GEN);
            boolean montGen = mechs.contains(CKM_EC_MONTGOMERY_KEY_PAIR_GEN);
            boolean ecdh = mechs.contains(CKM_ECDH1_DERIVE);
            for (Curve c : Curve.values()) {
                if (c.isNist() && ecGen && fits(token, CKM_EC_KEY_PAIR_GEN, c)) {
                    if (mechs.contains(CKM_ECDSA)) {
                        sigs.add(c.signatureScheme());
                    }
                    if (ecdh) {
                        kems.add(c.kem());
                    }
                } else if (c.isEdwards() && edGen && mechs.contains(CKM_EDDSA) && fits(token, CKM_EC_EDWARDS_KEY_PAIR_GEN, c)) {
                    sigs.add(c.signatureScheme());
                } else if (c.isMontgomery() && ecdh
                        && (montGen ? fits(token, CKM_EC_MONTGOMERY_KEY_PAIR_GEN, c)
                                    : edGen && fits(token, CKM_EC_EDWARDS_KEY_PAIR_GEN, c))) {
                    kems.add(c.kem());
                }
            }
            return new Capabilities(Collections.unmodifiableSet(sigs), Collections.unmodifiableSet(kems), montGen);
        }

        /** Key size range check; a token that reports 0 (unspecified) is trusted. */
        private static boolean fits(Token token, long mech, Curve c) {
            MechanismInfo info = token.getMechanismInfo(mech);
            return info == null || info.getMaxKeySize() == 0 || info.getMaxKeySize() >= c.bits;
        }
    }

    /**
     * Sign/derive run on pooled sessions. Object creation, destruction and searches run on one
     * dedicated session under the token's lifecycle lock; a thread never waits for a pooled session
     * while holding that lock, so the two cannot deadlock.
     */
    static final class Connection extends ReconnectingCustody.Conn {
        final SessionPool pool;
        final Capabilities caps;
        final ReentrantLock lifecycle;
        /** Guarded by {@link #lifecycle}. */
        private Session lifecycleSession;
        private volatile boolean closed;

        Connection(long generation, Slot slot, Session control, SessionPool pool, Session lifecycleSession,
                   Capabilities caps, ReentrantLock lifecycle) {
            super(generation, slot, control);
            this.pool = pool;
            this.lifecycleSession = lifecycleSession;
            this.caps = caps;
            this.lifecycle = lifecycle;
        }

        /** The lifecycle session; the caller holds {@link #lifecycle}. */
        Session lifecycleSession() {
            return lifecycleSession;
        }

        /** After a failed call the session may keep an operation active: swap it for a fresh one. */
        void replaceLifecycleSession() {
            if (closed) {
                return;
            }
            try {
                Session fresh = slot.getToken().openSession(true);
                closeQuietly(lifecycleSession);
                lifecycleSession = fresh;
                if (closed) {
                    closeQuietly(fresh);
                }
            } catch (PKCS11Exception | RuntimeException e) {
                // keep the old one; the connection is probably broken and will be replaced
            }
        }

        @Override
        void close(boolean moduleReinitialised) {
            closed = true;
            if (moduleReinitialised) {
                pool.abandon();
            } else {
                pool.close();
                closeQuietly(lifecycleSession);
            }
        }
    }

    @FunctionalInterface
    private interface Body<T> {
        T run(Connection c, Session s) throws PKCS11Exception, KeyCustodyException;
    }

    private final ConcurrentHashMap<KeyId, KeyEntry> cache = new ConcurrentHashMap<>();

    private CryptokiKeyCustody(Pkcs11Config config, SharedModule shared) {
        super(config, shared);
    }

    static CryptokiKeyCustody open(Pkcs11Config config) throws KeyCustodyException {
        return open(config, CryptokiKeyCustody::new);
    }

    @Override
    protected Connection connect(long generation, Slot slot, Session loggedIn, String op) throws PKCS11Exception {
        Token token = slot.getToken();
        Capabilities caps = Capabilities.detect(token);
        SessionPool pool = SessionPool.open(token, loggedIn, config.sessionPoolSize());
        Session lifecycleSession;
        try {
            lifecycleSession = token.openSession(true);
        } catch (PKCS11Exception e) {
            pool.close();
            throw e;
        }
        LOG.log(Level.DEBUG, "connected to token ''{0}'' (slot {1}), {2} sessions, signature schemes {3}, KEMs {4}",
                config.tokenLabel(), slot.getSlotID(), pool.size(), caps.signatureSchemes(), caps.kems());
        return new Connection(generation, slot, loggedIn, pool, lifecycleSession, caps,
                shared.lifecycleLock(slot.getSlotID()));
    }

    @Override
    protected void onReconnect() {
        cache.clear();
    }

    @Override
    public Backend backend() {
        return Backend.CRYPTOKI;
    }

    @Override
    public Set<SignatureScheme> supportedSignatureSchemes() throws KeyCustodyException {
        return connection("supportedSignatureSchemes", null).caps.signatureSchemes();
    }

    @Override
    public Set<KemId> supportedKems() throws KeyCustodyException {
        return connection("supportedKems", null).caps.kems();
    }

    // ---------------------------------------------------------------- generation

    @Override
    public SignatureKey generateSignatureKey(SignatureScheme scheme) throws KeyCustodyException {
        String op = "generateSignatureKey(" + scheme + ")";
        Generated g = generating(op, (c, s, id) -> {
            if (!c.caps.signatureSchemes().contains(scheme)) {
                throw new KeyCustodyException(Reason.MECHANISM_NOT_SUPPORTED, op, null,
                        "token '" + config.tokenLabel() + "' has no mechanisms for " + scheme);
            }
            return generate(c, s, id, Curve.of(scheme), true, op);
        });
        return new TokenKeys.TokenSignatureKey(this, g.id(), g.entry().publicKey(), scheme);
    }

    @Override
    public HpkePrivateKey generateHpkeKey(KemId kem) throws KeyCustodyException {
        String op = "generateHpkeKey(" + kem + ")";
        Generated g = generating(op, (c, s, id) -> {
            if (!c.caps.kems().contains(kem)) {
                throw new KeyCustodyException(Reason.MECHANISM_NOT_SUPPORTED, op, null,
                        "token '" + config.tokenLabel() + "' has no mechanisms for " + kem);
            }
            return generate(c, s, id, Curve.of(kem), false, op);
        });
        return new TokenKeys.TokenHpkeKey(this, g.id(), g.entry().publicKey(), kem);
    }

    private record Generated(KeyId id, KeyEntry entry) {
    }

    @FunctionalInterface
    private interface GenerationBody {
        Generated run(Connection c, Session s, KeyId id) throws PKCS11Exception, KeyCustodyException;
    }

    /**
     * Runs a key generation under one key id chosen up front, so that no attempt can leave an orphan: a
     * retried attempt (after CKR_GENERAL_ERROR) first destroys whatever the failed one left under that
     * id, and a generation that fails for good destroys it too.
     */
    private Generated generating(String op, GenerationBody generation) throws KeyCustodyException {
        KeyId id = TokenKeys.newKeyId();
        byte[] ckaId = Backend.CRYPTOKI.ckaId(id);
        Attempts attempts = new Attempts();
        return destroyingOnFailure(id, () -> call(op, null, false, true, (c, s) -> {
            if (attempts.isRetry()) {
                sweep(s, ckaId); // whatever the failed attempt left under this id goes first
            }
            return generation.run(c, s, id);
        }));
    }

    private Generated generate(Connection c, Session s, KeyId id, Curve curve, boolean signing, String op)
            throws PKCS11Exception, KeyCustodyException {
        String hex = id.value();
        byte[] ckaId = Backend.CRYPTOKI.ckaId(id);
        String label = "mls-" + (signing ? "sig" : "kem") + "-" + curve.labelName() + "-" + hex.substring(0, 8);

        long mechanism;
        long keyType;
        if (curve.isNist()) {
            mechanism = CKM_EC_KEY_PAIR_GEN;
            keyType = CKK_EC;
        } else if (curve.isEdwards()) {
            mechanism = CKM_EC_EDWARDS_KEY_PAIR_GEN;
            keyType = CKK_EC_EDWARDS;
        } else if (c.caps.montgomeryKeyGen()) {
            mechanism = CKM_EC_MONTGOMERY_KEY_PAIR_GEN; // PKCS#11 v3.0 §2.3.8
            keyType = CKK_EC_MONTGOMERY;
        } else {
            // SoftHSM 2.6.1 lacks CKM_EC_MONTGOMERY_KEY_PAIR_GEN but makes a working X25519/X448 key from
            // the Edwards mechanism with CKK_EC_EDWARDS and the X25519/X448 OID as CKA_EC_PARAMS.
            mechanism = CKM_EC_EDWARDS_KEY_PAIR_GEN;
            keyType = CKK_EC_EDWARDS;
        }

        // PKCS#11 v3.0 §4.8 (public) / §4.9 (private key objects), §2.3 EC key objects
        AttributeVector pub = AttributeVector.newPublicKey(keyType)
                .token(true).private_(false)
                .verify(signing).encrypt(false).wrap(false).derive(false)
                .ecParams(curve.ecParams())
                .id(ckaId).label(label);
        AttributeVector priv = AttributeVector.newPrivateKey(keyType)
                .token(true).private_(true).sensitive(true).extractable(false)
                .sign(signing).derive(!signing)
                .decrypt(false).unwrap(false).signRecover(false)
                .id(ckaId).label(label);

        {
            PKCS11KeyPair kp = s.generateKeyPair(new Mechanism(mechanism), new KeyPairTemplate(priv, pub));
            byte[] point;
            try {
                point = normalisePoint(s.getAttrValues(kp.getPublicKey(), CKA_EC_POINT, CKA_EC_PARAMS).ecPoint(), curve);
                if (point == null) {
                    throw new KeyCustodyException(Reason.OPERATION_FAILED, op, id, "token returned no usable CKA_EC_POINT");
                }
            } catch (PKCS11Exception | KeyCustodyException | RuntimeException e) {
                destroyQuietly(s, kp.getPrivateKey());
                destroyQuietly(s, kp.getPublicKey());
                throw e;
            }
            KeyEntry entry = new KeyEntry(c.generation, kp.getPrivateKey(), kp.getPublicKey(), curve, signing, point);
            cache.put(id, entry);
            LOG.log(Level.DEBUG, "generated {0} ({1})", label, id);
            return new Generated(id, entry);
        }
    }

    // ---------------------------------------------------------------- lookup

    @Override
    public SignatureKey findSignatureKey(KeyId id) throws KeyCustodyException {
        String op = "findSignatureKey";
        KeyEntry e = call(op, id, false, true, (c, s) -> resolve(c, id, op));
        SignatureScheme scheme = TokenKeys.signatureSchemeOf(e.signing(), e.curve(), op, id);
        return new TokenKeys.TokenSignatureKey(this, id, e.publicKey(), scheme);
    }

    @Override
    public HpkePrivateKey findHpkeKey(KeyId id) throws KeyCustodyException {
        String op = "findHpkeKey";
        KeyEntry e = call(op, id, false, true, (c, s) -> resolve(c, id, op));
        KemId kem = TokenKeys.kemOf(e.signing(), e.curve(), op, id);
        return new TokenKeys.TokenHpkeKey(this, id, e.publicKey(), kem);
    }

    private static byte[] ckaId(KeyId id, String op) throws KeyCustodyException {
        try {
            return Backend.CRYPTOKI.ckaId(id);
        } catch (IllegalArgumentException e) {
            throw new KeyCustodyException(Reason.KEY_NOT_FOUND, op, id, "not a key id of this custody (hex CKA_ID)");
        }
    }

    /**
     * The cached entry, or a C_FindObjects by CKA_CLASS + CKA_ID on the lifecycle session under the
     * lifecycle lock (SoftHSM searches race with object writes).
     */
    private KeyEntry resolve(Connection c, KeyId id, String op) throws PKCS11Exception, KeyCustodyException {
        KeyEntry e = cache.get(id);
        if (e != null && e.generation() == c.generation) {
            return e;
        }
        byte[] ckaId = ckaId(id, op);
        c.lifecycle.lock();
        Session s = c.lifecycleSession();
        boolean ok = false;
        try {
            long[] privs = s.findObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY).id(ckaId), 2);
            if (privs.length == 0) {
                throw notFound(c, op, id);
            }
            AttributeVector a = s.getAttrValues(privs[0], CKA_KEY_TYPE, CKA_EC_PARAMS, CKA_SIGN, CKA_DERIVE);
            Curve curve = Curve.fromEcParams(a.ecParams());
            if (curve == null) {
                throw new KeyCustodyException(Reason.OPERATION_FAILED, op, id, "key is on an unsupported curve");
            }
            boolean signing = Boolean.TRUE.equals(a.sign());
            long[] pubs = s.findObjectsSingle(new AttributeVector().class_(CKO_PUBLIC_KEY).id(ckaId), 2);
            if (pubs.length == 0) {
                throw new KeyCustodyException(Reason.KEY_NOT_FOUND, op, id, "public key object missing");
            }
            byte[] point = normalisePoint(s.getAttrValues(pubs[0], CKA_EC_POINT, CKA_EC_PARAMS).ecPoint(), curve);
            if (point == null) {
                throw new KeyCustodyException(Reason.OPERATION_FAILED, op, id, "unusable CKA_EC_POINT");
            }
            e = new KeyEntry(c.generation, privs[0], pubs[0], curve, signing, point);
            cache.put(id, e);
            ok = true;
            return e;
        } catch (KeyCustodyException x) {
            ok = true; // a clean "not found": the session is fine
            throw x;
        } finally {
            if (!ok) {
                c.replaceLifecycleSession();
            }
            c.lifecycle.unlock();
        }
    }

    /** KEY_NOT_FOUND, unless the empty search result came from a token that is gone. */
    private KeyCustodyException notFound(Connection c, String op, KeyId id) {
        return healthy(c) ? noSuchKey(op, id) : tokenUnavailable(c, op, id);
    }

    /** CKA_EC_POINT to the MLS encoding; the wrapper already strips the DER OCTET STRING for known curves. */
    private static byte[] normalisePoint(byte[] p, Curve curve) {
        if (p == null) {
            return null;
        }
        int want = curve.publicKeyLength();
        if (p.length == want) {
            return p;
        }
        // DER OCTET STRING (PKCS#11 v3.0 §2.3.3) not stripped by the wrapper
        if (p.length > 2 && p[0] == 0x04 && (p[1] & 0xff) == want && p.length == want + 2) {
            return Arrays.copyOfRange(p, 2, p.length);
        }
        if (p.length > 3 && p[0] == 0x04 && (p[1] & 0xff) == 0x81 && (p[2] & 0xff) == want && p.length == want + 3) {
            return Arrays.copyOfRange(p, 3, p.length);
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
        return call(op, id, false, (c, s) -> {
            KeyEntry e = resolve(c, id, op);
            TokenKeys.checkSigns(e.signing(), e.curve(), scheme, op, id);
            if (e.curve().isEdwards()) {
                if (message.length == 0) {
                    // the JNI layer passes an empty array as NULL, which C_Sign rejects (CKR_ARGUMENTS_BAD);
                    // MLS never signs an empty message (SignWithLabel always carries a label)
                    throw new KeyCustodyException(Reason.INVALID_INPUT, op, id, "EdDSA over an empty message is not supported");
                }
                // CKM_EDDSA without parameters: pure Ed25519 / Ed448 with an empty context (RFC 8032)
                return s.signSingle(new Mechanism(CKM_EDDSA), e.privateHandle(), message);
            }
            byte[] digest = digest(scheme, message);
            byte[] sig = s.signSingle(new Mechanism(CKM_ECDSA), e.privateHandle(), digest);
            if (sig.length == 2 * e.curve().fieldLength) {
                return EcdsaEncoding.rawToDer(sig);
            }
            if (sig.length > 0 && sig[0] == 0x30) {
                return sig; // a module that already answers in DER (X9.62)
            }
            throw new KeyCustodyException(Reason.OPERATION_FAILED, op, id, "unexpected ECDSA signature length");
        });
    }

    static byte[] digest(SignatureScheme scheme, byte[] message) {
        String alg = switch (scheme) {
            case ECDSA_SECP256R1_SHA256 -> "SHA-256";
            case ECDSA_SECP384R1_SHA384 -> "SHA-384";
            case ECDSA_SECP521R1_SHA512 -> "SHA-512";
            default -> throw new IllegalArgumentException(scheme + " is not ECDSA");
        };
        try {
            return MessageDigest.getInstance(alg).digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] dh(KeyId id, KemId kem, byte[] peerPublicKey) throws KeyCustodyException {
        String op = "dh";
        PeerKeys.validate(kem, peerPublicKey, op, id);
        byte[] out = call(op, id, true, (c, s) -> {
            KeyEntry e = resolve(c, id, op);
            TokenKeys.checkDh(e.signing(), e.curve(), kem, op, id);
            // PKCS#11 v3.0 §2.3.17 CKM_ECDH1_DERIVE with CKD_NULL: the raw shared secret (X coordinate /
            // X25519/X448 output) into a session, non-sensitive, extractable generic secret that is read
            // and destroyed at once: nothing stays on the token.
            Mechanism m = new Mechanism(CKM_ECDH1_DERIVE, new ECDH1_DERIVE_PARAMS(CKD_NULL, null, peerPublicKey.clone()));
            AttributeVector t = AttributeVector.newSecretKey(CKK_GENERIC_SECRET)
                    .token(false).sensitive(false).extractable(true).valueLen(kem.nDh());
            long h = s.deriveKey(m, e.privateHandle(), t);
            try {
                return s.getAttrValues(h, CKA_VALUE).value();
            } finally {
                destroyQuietly(s, h);
            }
        });
        PeerKeys.checkOutput(kem, out, op, id);
        return out;
    }

    // ---------------------------------------------------------------- destruction

    @Override
    public void destroy(KeyId id) throws KeyCustodyException {
        String op = "destroy";
        byte[] ckaId;
        try {
            ckaId = Backend.CRYPTOKI.ckaId(id);
        } catch (IllegalArgumentException e) {
            return; // cannot name an object of this custody: nothing to destroy
        }
        call(op, id, false, true, (c, s) -> {
            {
                cache.remove(id);
                int privs = sweep(s, ckaId);
                if (privs < 0 && !healthy(c)) {
                    throw tokenUnavailable(c, op, id);
                }
                if (privs > 0) {
                    LOG.log(Level.DEBUG, "destroyed key {0}", id);
                }
                return null;
            }
        });
    }

    /**
     * Destroys the private and public key objects with this CKA_ID.
     *
     * @return the number of private keys destroyed, or -1 if there was no object at all
     */
    private static int sweep(Session s, byte[] ckaId) throws PKCS11Exception {
        long[] privs = s.findObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY).id(ckaId), 16);
        long[] pubs = s.findObjectsSingle(new AttributeVector().class_(CKO_PUBLIC_KEY).id(ckaId), 16);
        for (long h : privs) {
            s.destroyObject(h);
        }
        for (long h : pubs) {
            s.destroyObject(h);
        }
        return privs.length == 0 && pubs.length == 0 ? -1 : privs.length;
    }

    private static void destroyQuietly(Session s, long handle) {
        try {
            s.destroyObject(handle);
        } catch (PKCS11Exception | RuntimeException e) {
            LOG.log(Level.WARNING, "could not destroy object {0}: {1}", handle, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * Runs {@code body} on a pooled session. A CKR_GENERAL_ERROR / CKR_FUNCTION_FAILED is retried once
     * (SoftHSM 2.6.1 fails intermittently under concurrent object lifecycle) unless the token is gone;
     * a stale object handle is dropped from the cache and the lookup retried once; a lost session or
     * token marks the connection broken (the next request reconnects) and fails TOKEN_UNAVAILABLE.
     */
    private <T> T call(String op, KeyId id, boolean peerInput, Body<T> body) throws KeyCustodyException {
        return call(op, id, peerInput, false, body);
    }

    /**
     * @param lifecycle run on the lifecycle session under the token's lifecycle lock (object creation,
     *                  destruction, searches) instead of on a pooled session
     */
    private <T> T call(String op, KeyId id, boolean peerInput, boolean lifecycle, Body<T> body) throws KeyCustodyException {
        for (int attempt = 0; ; attempt++) {
            // Order: operation gate (enterOperation), then lifecycle lock, in both backends. A lost
            // connection is only flagged (markLost) inside and dropped by leaveOperation.
            Connection c = enterOperation(op, id);
            if (lifecycle) {
                c.lifecycle.lock();
            }
            try {
                Session s;
                if (lifecycle) {
                    s = c.lifecycleSession();
                } else {
                    try {
                        s = c.pool.borrow(config.sessionWait());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new KeyCustodyException(Reason.OPERATION_FAILED, op, id, "interrupted waiting for a session");
                    }
                    if (s == null) {
                        throw new KeyCustodyException(Reason.OPERATION_FAILED, op, id,
                                "no free session within " + config.sessionWait().toMillis() + " ms");
                    }
                }
                boolean dirty = false;
                try {
                    return body.run(c, s);
                } catch (PKCS11Exception e) {
                    dirty = true;
                    long code = e.getErrorCode();
                    if (Pkcs11Errors.meansUnavailable(code)) {
                        // (the module cannot have been re-initialised during the attempt: the gate is held)
                        markLost(c);
                        throw Pkcs11Errors.of(op, id, e);
                    }
                    if (code == CKR_GENERAL_ERROR || code == CKR_FUNCTION_FAILED) {
                        if (!healthy(c)) {
                            markLost(c);
                            throw new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, op, id,
                                    PKCS11Constants.ckrCodeToName(code) + "; token '" + config.tokenLabel() + "' unavailable", e);
                        }
                        if (attempt == 0) {
                            LOG.log(Level.DEBUG, "{0}: {1}, retrying once", op, PKCS11Constants.ckrCodeToName(code));
                            continue;
                        }
                    }
                    if ((code == CKR_OBJECT_HANDLE_INVALID || code == CKR_KEY_HANDLE_INVALID) && id != null) {
                        cache.remove(id); // destroyed elsewhere, or handles changed: look it up again
                        if (attempt == 0) {
                            continue;
                        }
                    }
                    if (peerInput && (code == CKR_ARGUMENTS_BAD || code == CKR_DOMAIN_PARAMS_INVALID
                            || code == CKR_MECHANISM_PARAM_INVALID || code == CKR_GENERAL_ERROR || code == CKR_FUNCTION_FAILED)) {
                        throw new KeyCustodyException(Reason.INVALID_INPUT, op, id,
                                "token rejected the peer public key (" + PKCS11Constants.ckrCodeToName(code) + ")", e);
                    }
                    throw Pkcs11Errors.of(op, id, e);
                } catch (RuntimeException e) {
                    throw new KeyCustodyException(Reason.OPERATION_FAILED, op, id, e.getClass().getSimpleName(), e);
                } finally {
                    if (c.lost) {
                        // the connection is dropped (and its sessions closed) once the gate is released
                        if (!lifecycle) {
                            ReconnectingCustody.Conn.closeQuietly(s);
                        }
                    } else if (lifecycle) {
                        if (dirty) {
                            c.replaceLifecycleSession();
                        }
                    } else if (dirty) {
                        c.pool.replace(s, c.slot.getToken());
                    } else {
                        c.pool.release(s);
                    }
                }
            } finally {
                if (lifecycle) {
                    c.lifecycle.unlock();
                }
                leaveOperation(c);
            }
        }
    }
}
