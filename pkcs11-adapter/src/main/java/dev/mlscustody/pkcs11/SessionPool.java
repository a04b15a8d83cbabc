package dev.mlscustody.pkcs11;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Token;

/**
 * A fixed set of read/write sessions (PKCS#11 v3.0 §5.6 C_OpenSession). A session runs one
 * operation at a time (§5.1 "a session can have at most one active operation of each type"), so
 * each request borrows one exclusively.
 */
final class SessionPool {
    private final BlockingQueue<Session> idle;
    private final int size;
    private volatile boolean closed;
    /** Set when the module was re-initialised: the handles may now name other sessions, never close them. */
    private volatile boolean abandoned;

    private SessionPool(List<Session> sessions) {
        this.size = sessions.size();
        this.idle = new ArrayBlockingQueue<>(sessions.size(), false, sessions);
    }

    /** Opens {@code size} sessions; {@code first} (already open and logged in) is one of them. */
    static SessionPool open(Token token, Session first, int size) throws PKCS11Exception {
        List<Session> sessions = new ArrayList<>(size);
        sessions.add(first);
        try {
            for (int i = 1; i < size; i++) {
                sessions.add(token.openSession(true));
            }
        } catch (PKCS11Exception e) {
            for (int i = 1; i < sessions.size(); i++) {
                ReconnectingCustody.Conn.closeQuietly(sessions.get(i));
            }
            throw e;
        }
        return new SessionPool(sessions);
    }

    /** A free session, or null if none became free within {@code wait}. */
    Session borrow(Duration wait) throws InterruptedException {
        return idle.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    void release(Session s) {
        if (abandoned) {
            return;
        }
        if (closed) {
            ReconnectingCustody.Conn.closeQuietly(s);
        } else {
            idle.offer(s);
        }
    }

    /**
     * Replaces a session whose state is unknown after a failed call (SoftHSM keeps an operation
     * active when, e.g., C_Sign fails with CKR_ARGUMENTS_BAD). The new session is opened before the
     * old one is closed, so the application's login state (§5.6) is never dropped.
     */
    void replace(Session s, Token token) {
        if (abandoned) {
            return;
        }
        if (closed) {
            ReconnectingCustody.Conn.closeQuietly(s);
            return;
        }
        Session fresh;
        try {
            fresh = token.openSession(true);
        } catch (PKCS11Exception | RuntimeException e) {
            idle.offer(s); // keep the old one rather than shrink the pool; the next failure retries
            return;
        }
        ReconnectingCustody.Conn.closeQuietly(s);
        idle.offer(fresh);
    }

    int size() {
        return size;
    }

    /** Drops every session without C_CloseSession (after C_Finalize the handles are meaningless). */
    void abandon() {
        abandoned = true;
        closed = true;
        idle.clear();
    }

    void close() {
        closed = true;
        Session s;
        while ((s = idle.poll()) != null) {
            ReconnectingCustody.Conn.closeQuietly(s);
        }
    }
}
