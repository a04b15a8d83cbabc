package dev.mlscustody.pkcs11;

import dev.mlscustody.mls.crypto.KeyId;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * Looks at the token behind the adapter's back with a raw ipkcs11wrapper session on the same
 * (shared) module: object searches and attribute reads for the tests' assertions.
 */
final class TokenInspector implements AutoCloseable {
    final SharedModule shared;
    final Slot slot;
    final Session session;

    TokenInspector(Pkcs11Config config) throws Exception {
        shared = SharedModule.acquire(config.modulePath(), "inspect");
        shared.ensureInitialized();
        Slot s = shared.findSlot(config.tokenLabel());
        if (s == null) {
            shared.reinitialize(shared.generation());
            s = shared.findSlot(config.tokenLabel());
        }
        if (s == null) {
            throw new IllegalStateException("token " + config.tokenLabel() + " not found");
        }
        slot = s;
        session = slot.getToken().openSession(true);
        shared.login(session, slot.getSlotID(), config.pinSource(), "inspect");
    }

    long[] find(AttributeVector template) throws PKCS11Exception {
        return session.findObjectsSingle(template, 100_000);
    }

    /** Handles of all objects (any class) with this key's CKA_ID. */
    long[] objectsOf(Backend backend, KeyId id) throws PKCS11Exception {
        return find(new AttributeVector().id(backend.ckaId(id)));
    }

    long privateKey(Backend backend, KeyId id) throws PKCS11Exception {
        long[] h = find(new AttributeVector().class_(org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY)
                .id(backend.ckaId(id)));
        if (h.length != 1) {
            throw new IllegalStateException("expected one private key for " + id + ", found " + h.length);
        }
        return h[0];
    }

    @Override
    public void close() {
        try {
            session.closeSession();
        } catch (PKCS11Exception | RuntimeException e) {
            // ignore
        }
        shared.release();
    }
}
