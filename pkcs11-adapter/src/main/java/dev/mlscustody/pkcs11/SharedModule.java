package dev.mlscustody.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * One loaded PKCS#11 module per module path and process, shared by every custody (of either
 * backend) that uses it.
 *
 * <p>PKCS#11 v3.0 §5.4: C_Initialize/C_Finalize act on the whole process, and login state is per
 * application and token (§5.6: all sessions of an application share it). So this class owns:
 * <ul>
 *   <li>initialisation and <em>re</em>-initialisation (C_Finalize + C_Initialize) with a generation
 *       counter, so every custody notices a re-initialisation and reopens its sessions. SoftHSM
 *       2.6.1 needs it to see a token created or restored after C_Initialize (measured: a token
 *       folder moved away and back keeps failing with CKR_GENERAL_ERROR until re-initialised);</li>
 *   <li>one object-lifecycle lock per token: SoftHSM 2.6.1 intermittently fails with
 *       CKR_GENERAL_ERROR when token-object creation/destruction races with object searches;</li>
 *   <li>login bookkeeping: when the token is already logged in by another custody of this process,
 *       C_Login answers CKR_USER_ALREADY_LOGGED_IN without checking the PIN, so the PIN of every later
 *       login is compared with a salted SHA-256 verifier of the PIN that logged in (memory only).</li>
 * </ul>
 * It never calls C_Finalize except to re-initialise: the JDK's SunPKCS11 caches its module
 * instance and would not initialise it again.
 */
final class SharedModule {
    private static final System.Logger LOG = System.getLogger(SharedModule.class.getName());
    private static final Map<String, SharedModule> MODULES = new HashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String path;
    private final PKCS11Module module;
    private final Map<Long, ReentrantLock> lifecycleLocks = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final Map<Long, byte[]> pinVerifiers = new ConcurrentHashMap<>();
    private final byte[] salt = new byte[16];
    private volatile long generation = 1;
    private boolean initialized;
    private int users;

    private SharedModule(String path, PKCS11Module module) {
        this.path = path;
        this.module = module;
        RANDOM.nextBytes(salt);
    }

    /** Loads (once per process) and initialises the module; counts the caller as a user. */
    static SharedModule acquire(Path modulePath, String op) throws KeyCustodyException {
        WrapperLogBridge.install();
        // one instance per library file, however it is spelt (symlinks, relative paths): one gate and
        // one set of lifecycle locks per loaded module
        String key;
        try {
            key = modulePath.toRealPath().toString();
        } catch (IOException e) {
            key = modulePath.toAbsolutePath().normalize().toString();
        }
        SharedModule m;
        synchronized (MODULES) {
            m = MODULES.get(key);
            if (m == null) {
                try {
                    m = new SharedModule(key, PKCS11Module.getInstance(key));
                } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
                    throw new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, op, null,
                            "cannot load PKCS#11 module " + key, e);
                }
                MODULES.put(key, m);
            }
        }
        synchronized (m) {
            m.users++;
        }
        return m;
    }

    synchronized void release() {
        users = Math.max(0, users - 1);
    }

    long generation() {
        return generation;
    }

    PKCS11Module module() {
        return module;
    }

    String path() {
        return path;
    }

    private synchronized boolean isInitialized() {
        return initialized;
    }

    /** C_Initialize if this process has not (CKR_CRYPTOKI_ALREADY_INITIALIZED counts as success). */
    synchronized void ensureInitialized() throws PKCS11Exception {
        if (initialized) {
            return;
        }
        try {
            module.initialize();
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw e;
            }
        }
        initialized = true;
    }

    /** Minimum time between two re-initialisations made only to discover a token created since. */
    static final long DISCOVERY_INTERVAL_NANOS = 10_000_000_000L;
    private long lastDiscoveryNanos = System.nanoTime() - DISCOVERY_INTERVAL_NANOS;

    /**
     * Whether a custody that does not find its token may re-initialise the module to discover it
     * (SoftHSM and other modules list only the tokens present at C_Initialize): always when nobody else
     * uses the module, else at most once per {@link #DISCOVERY_INTERVAL_NANOS} per module, so that a
     * custody with a wrong label cannot make every other custody reconnect over and over (the operation
     * gate keeps their in-flight operations safe either way).
     */
    synchronized boolean mayReinitializeToDiscover() {
        if (users <= 1) {
            return true; // disturbs nobody
        }
        long now = System.nanoTime();
        if (now - lastDiscoveryNanos < DISCOVERY_INTERVAL_NANOS) {
            return false;
        }
        lastDiscoveryNanos = now;
        return true;
    }

    /**
     * Held shared for the whole of one operation on session or object handles; re-initialisation
     * takes it exclusively. SoftHSM numbers handles afresh after C_Initialize, so an operation that
     * straddled a re-initialisation could act on a different object that now has the same handle
     * number: a search-then-destroy could destroy another key. A holder must not wait for a custody's
     * connect lock (the re-initialising thread holds it while it waits for this gate).
     */
    Lock operationGate() {
        return gate.readLock();
    }

    /**
     * C_Finalize + C_Initialize, unless someone already did so since {@code seenGeneration}; waits
     * until no operation of any custody on this module is in flight ({@link #operationGate()}).
     * Invalidates every session and login of this process on this module.
     */
    void reinitialize(long seenGeneration) throws PKCS11Exception {
        if (generation != seenGeneration && isInitialized()) {
            return; // someone else already did: no need to stall every custody for the write lock
        }
        gate.writeLock().lock();
        try {
            reinitializeExclusively(seenGeneration);
        } finally {
            gate.writeLock().unlock();
        }
    }

    private synchronized void reinitializeExclusively(long seenGeneration) throws PKCS11Exception {
        if (generation != seenGeneration && initialized) {
            return;
        }
        LOG.log(Level.INFO, "re-initialising PKCS#11 module {0}", path);
        try {
            module.finalize(null);
        } catch (PKCS11Exception | RuntimeException e) {
            LOG.log(Level.DEBUG, "C_Finalize before re-initialisation failed: {0}", e.toString());
        }
        initialized = false;
        generation++;
        pinVerifiers.clear();
        ensureInitialized();
    }

    /** The slot whose token has this label, or null (errors on single slots are skipped). */
    Slot findSlot(String label) throws PKCS11Exception {
        for (Slot s : module.getSlotList(true)) {
            try {
                String l = s.getToken().getTokenInfo().getLabel();
                if (l != null && l.trim().equals(label)) {
                    return s;
                }
            } catch (PKCS11Exception e) {
                LOG.log(Level.DEBUG, "slot {0}: {1}", s.getSlotID(), e.getMessage());
            }
        }
        return null;
    }

    ReentrantLock lifecycleLock(long slotId) {
        return lifecycleLocks.computeIfAbsent(slotId, k -> new ReentrantLock());
    }

    /**
     * Logs the user in on {@code session} (PKCS#11 v3.0 §5.6 C_Login). The PIN is read here and wiped
     * before returning.
     */
    void login(Session session, long slotId, PinSource pinSource, String op) throws KeyCustodyException {
        char[] pin;
        try {
            pin = pinSource.readPin();
        } catch (IOException | RuntimeException e) {
            // the message names the source (path / variable), never the PIN
            throw new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, op, null,
                    "cannot read the PIN from " + pinSource, null);
        }
        try {
            byte[] verifier = verifier(pin);
            try {
                session.login(CKU_USER, pin);
                pinVerifiers.put(slotId, verifier);
            } catch (PKCS11Exception e) {
                if (e.getErrorCode() != CKR_USER_ALREADY_LOGGED_IN) {
                    throw Pkcs11Errors.of(op, null, e);
                }
                byte[] known = pinVerifiers.get(slotId);
                if (known == null) {
                    // logged in by something outside this adapter; cannot check the PIN here
                    LOG.log(Level.DEBUG, "token already logged in by another component; PIN not re-checked");
                    pinVerifiers.put(slotId, verifier);
                } else if (!MessageDigest.isEqual(known, verifier)) {
                    throw new KeyCustodyException(Reason.PIN_INCORRECT, op, null,
                            "PIN does not match the PIN this process logged in with", null);
                }
            }
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private byte[] verifier(char[] pin) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        byte[] bytes = new byte[bb.remaining()];
        bb.get(bytes);
        if (bb.hasArray()) {
            Arrays.fill(bb.array(), (byte) 0);
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            return md.digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "SharedModule[" + path + ", generation " + generation + "]";
    }
}
