package dev.mlscustody.pkcs11;

import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import dev.mlscustody.mls.crypto.KeyId;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.BiFunction;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * Connection management shared by both backends: find the token by label, log in, notice when the
 * module or token has gone, and reconnect (re-initialising the module if needed) on a later request.
 * While the token is unavailable, requests fail fast with TOKEN_UNAVAILABLE; a reconnect is tried
 * at most once per {@link Pkcs11Config#reconnectInterval()}.
 */
abstract class ReconnectingCustody<C extends ReconnectingCustody.Conn> implements Pkcs11KeyCustody {
    private static final System.Logger LOG = System.getLogger(ReconnectingCustody.class.getName());

    /** What a backend holds while connected. {@code control} is a logged-in wrapper session. */
    abstract static class Conn {
        final long generation;
        final Slot slot;
        final Session control;
        /** Set inside an operation ({@link #markLost}); {@link #leaveOperation} drops the connection after it. */
        volatile boolean lost;

        Conn(long generation, Slot slot, Session control) {
            this.generation = generation;
            this.slot = slot;
            this.control = control;
        }

        /**
         * Releases sessions/providers; must not throw. If {@code moduleReinitialised}, the session
         * handles are stale (they may now name other sessions of this process) and must only be dropped.
         */
        abstract void close(boolean moduleReinitialised);

        static void closeQuietly(Session s) {
            try {
                s.closeSession();
            } catch (PKCS11Exception | RuntimeException e) {
                // session already gone (token removed or module re-initialised)
            }
        }
    }

    protected final Pkcs11Config config;
    protected final SharedModule shared;
    private final Object connectLock = new Object();
    private volatile C conn;
    private volatile boolean closed;
    private boolean reinitNeeded;
    private long brokenGeneration;
    private long lastFailureNanos;
    private boolean hadFailure;

    ReconnectingCustody(Pkcs11Config config, SharedModule shared) {
        this.config = config;
        this.shared = shared;
    }

    /**
     * Opens a backend: {@code factory} makes it on the shared module, then it connects once; if that
     * fails it is closed again (releasing the module) and the failure thrown.
     */
    static <T extends ReconnectingCustody<?>> T open(Pkcs11Config config, BiFunction<Pkcs11Config, SharedModule, T> factory)
            throws KeyCustodyException {
        SharedModule shared = SharedModule.acquire(config.modulePath(), "open");
        T custody = factory.apply(config, shared);
        try {
            custody.connection("open", null);
            return custody;
        } catch (KeyCustodyException | RuntimeException e) {
            custody.close();
            throw e;
        }
    }

    /** Builds the backend connection on a found, logged-in token. */
    protected abstract C connect(long generation, Slot slot, Session loggedIn, String op)
            throws KeyCustodyException, PKCS11Exception;

    /** Called after every (re)connect: drop everything that holds object handles. */
    protected abstract void onReconnect();

    protected final C connection(String op, KeyId id) throws KeyCustodyException {
        C c = conn;
        if (c != null && c.generation == shared.generation()) {
            return c;
        }
        synchronized (connectLock) {
            if (closed) {
                throw new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, op, id, "custody is closed");
            }
            c = conn;
            if (c != null && c.generation == shared.generation()) {
                return c;
            }
            if (c != null) { // the module was re-initialised by another custody: sessions are gone
                conn = null;
                c.close(true);
            }
            long now = System.nanoTime();
            if (hadFailure && now - lastFailureNanos < config.reconnectInterval().toNanos()) {
                throw new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, op, id,
                        "token '" + config.tokenLabel() + "' unavailable; reconnect pending");
            }
            try {
                c = doConnect(op);
            } catch (KeyCustodyException e) {
                hadFailure = true;
                lastFailureNanos = System.nanoTime();
                if (id != null && e.keyId().isEmpty()) {
                    throw new KeyCustodyException(e.reason(), op, id, e.getMessage(), e);
                }
                throw e;
            }
            if (hadFailure) {
                LOG.log(Level.INFO, "reconnected to token ''{0}''", config.tokenLabel());
            }
            hadFailure = false;
            onReconnect();
            conn = c;
            return c;
        }
    }

    private C doConnect(String op) throws KeyCustodyException {
        try {
            boolean reinitDone = false;
            if (reinitNeeded) {
                shared.reinitialize(brokenGeneration);
                brokenGeneration = shared.generation();
                reinitDone = true;
            }
            shared.ensureInitialized();
            long gen = shared.generation();
            Slot slot = shared.findSlot(config.tokenLabel());
            if (slot == null && !reinitDone && shared.mayReinitializeToDiscover()) {
                // SoftHSM (and other modules) list only tokens present at C_Initialize
                shared.reinitialize(gen);
                gen = shared.generation();
                slot = shared.findSlot(config.tokenLabel());
            }
            if (slot == null) {
                throw new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, op, null,
                        "no usable token labelled '" + config.tokenLabel() + "'");
            }
            Session session = slot.getToken().openSession(true);
            try {
                shared.login(session, slot.getSlotID(), config.pinSource(), op);
                C c = connect(gen, slot, session, op);
                reinitNeeded = false;
                return c;
            } catch (KeyCustodyException | PKCS11Exception | RuntimeException e) {
                Conn.closeQuietly(session);
                throw e;
            }
        } catch (PKCS11Exception e) {
            throw new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, op, null,
                    PKCS11Constants.ckrCodeToName(e.getErrorCode()), e);
        }
    }

    /**
     * Flags the connection as unusable (module/token gone) from inside an operation, that is with the
     * module's operation gate held; {@link #dropIfLost} drops it once the gate is released.
     */
    protected static void markLost(Conn c) {
        c.lost = true;
    }

    /** After an operation, outside the operation gate: drops {@code c} if it was flagged lost. */
    protected final void dropIfLost(C c) {
        if (c.lost) {
            markBroken(c);
        }
    }

    /**
     * The connection is unusable (module/token gone): drop it; the next request reconnects and
     * re-initialises the module. Never call it with the operation gate held (see {@link #markLost}).
     */
    protected final void markBroken(C c) {
        synchronized (connectLock) {
            if (conn == c) {
                LOG.log(Level.WARNING, "token ''{0}'' became unavailable", config.tokenLabel());
                conn = null;
                reinitNeeded = true;
                brokenGeneration = c.generation;
                hadFailure = false; // allow an immediate reconnect attempt
                closeUnderGate(c);
            }
        }
    }

    /**
     * Closes a connection's sessions, by number, only if the module was not re-initialised since it was
     * made (else the numbers may name another custody's new sessions: they are just dropped). The gate
     * keeps a re-initialisation from slipping in between the check and the close. Callers hold the
     * connect lock and not the gate; no gate holder waits for a connect lock, so this cannot deadlock.
     */
    private void closeUnderGate(C c) {
        shared.operationGate().lock();
        try {
            c.close(c.generation != shared.generation());
        } finally {
            shared.operationGate().unlock();
        }
    }

    /**
     * The TOKEN_UNAVAILABLE failure to throw from inside an operation; flags {@code c} so that the
     * operation's caller marks it broken (see {@link #markBroken}) once the operation gate is released.
     */
    protected final KeyCustodyException tokenUnavailable(C c, String op, KeyId id) {
        markLost(c);
        return new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, op, id, "token '" + config.tokenLabel() + "' unavailable");
    }

    /** The KEY_NOT_FOUND failure of a search on a healthy token. */
    protected final KeyCustodyException noSuchKey(String op, KeyId id) {
        return new KeyCustodyException(Reason.KEY_NOT_FOUND, op, id, "no such key on token '" + config.tokenLabel() + "'");
    }

    /** C_GetTokenInfo as a liveness probe (SoftHSM answers CKR_GENERAL_ERROR once its folder is gone). */
    protected final boolean healthy(C c) {
        if (c.generation != shared.generation()) {
            return false;
        }
        try {
            c.slot.getToken().getTokenInfo();
            return true;
        } catch (PKCS11Exception | RuntimeException e) {
            return false;
        }
    }

    /** A key generation under a key id chosen before it starts. */
    @FunctionalInterface
    protected interface Generation<T> {
        T run() throws KeyCustodyException;
    }

    /**
     * Runs a generation whose key will carry {@code id}; if it fails for good, whatever it left on the
     * token under that id is destroyed before the failure is thrown (no orphan keys). A backend's retry
     * of an attempt first removes what the failed attempt left under the id ({@link Attempts}).
     */
    protected final <T> T destroyingOnFailure(KeyId id, Generation<T> generation) throws KeyCustodyException {
        try {
            return generation.run();
        } catch (KeyCustodyException e) {
            destroyAfterFailure(e, List.of(id));
            throw e;
        }
    }

    /** Counts the attempts of one generation: only a retry has anything to clean up under its key id. */
    protected static final class Attempts {
        private boolean started;

        /** True from the second call on (the attempts of one generation run one after the other). */
        boolean isRetry() {
            boolean retry = started;
            started = true;
            return retry;
        }
    }

    /**
     * Starts an operation: a current connection, returned with the module's operation gate held, so it
     * cannot turn stale until {@link #leaveOperation}. If the module was re-initialised between
     * obtaining the connection and taking the gate, it reconnects (a bounded number of times).
     */
    protected final C enterOperation(String op, KeyId id) throws KeyCustodyException {
        for (int restarts = 0; ; restarts++) {
            C c = connection(op, id);
            shared.operationGate().lock();
            if (!stale(c)) {
                return c;
            }
            shared.operationGate().unlock();
            if (restarts >= 5) {
                throw new KeyCustodyException(Reason.TOKEN_UNAVAILABLE, op, id, "module re-initialised repeatedly");
            }
        }
    }

    /**
     * Ends an operation begun with {@link #enterOperation}: releases the gate, then drops the connection
     * if the operation flagged it lost (dropping takes the connect lock, which a re-initialising thread
     * holds while it waits for the gate).
     */
    protected final void leaveOperation(C c) {
        shared.operationGate().unlock();
        dropIfLost(c);
    }

    /**
     * True if the module was re-initialised since {@code c} was made: its session and object handles
     * are stale (they may name other objects now) and must not be used.
     */
    protected final boolean stale(C c) {
        return c.generation != shared.generation();
    }

    protected final boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        synchronized (connectLock) {
            if (closed) {
                return;
            }
            closed = true;
            C c = conn;
            conn = null;
            if (c != null) {
                closeUnderGate(c);
            }
        }
        shared.release();
    }
}
