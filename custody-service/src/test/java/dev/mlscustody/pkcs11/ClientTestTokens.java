package dev.mlscustody.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ALWAYS_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LOCAL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_NEVER_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * A look at a client test's token behind the adapter's back: the private key objects and their
 * attributes. The tokens themselves come from pkcs11-adapter's {@link SoftHsmTokens} (its test-jar).
 */
public final class ClientTestTokens {
    private ClientTestTokens() {
    }

    /** A private key object on the token: its key id (as the adapter names it) and its §4.9 attributes. */
    public record PrivateKeyObject(String keyId, Boolean sensitive, Boolean alwaysSensitive, Boolean neverExtractable,
                                   Boolean local, Boolean extractable) {
    }

    /** Every private key object on the token, read through a raw session on the shared module. */
    public static List<PrivateKeyObject> privateKeys(SoftHsmTokens.TestToken token, Backend backend) throws Exception {
        Pkcs11Config config = token.config(backend);
        SharedModule shared = SharedModule.acquire(config.modulePath(), "inspect");
        try {
            shared.ensureInitialized();
            Slot slot = shared.findSlot(config.tokenLabel());
            if (slot == null) {
                shared.reinitialize(shared.generation());
                slot = shared.findSlot(config.tokenLabel());
            }
            if (slot == null) {
                throw new IllegalStateException("token " + config.tokenLabel() + " not found");
            }
            Session session = slot.getToken().openSession(true);
            try {
                shared.login(session, slot.getSlotID(), config.pinSource(), "inspect");
                List<PrivateKeyObject> out = new ArrayList<>();
                for (long h : session.findObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY), 100_000)) {
                    AttributeVector a = session.getAttrValues(h, CKA_ID, CKA_SENSITIVE, CKA_ALWAYS_SENSITIVE,
                            CKA_NEVER_EXTRACTABLE, CKA_LOCAL, CKA_EXTRACTABLE);
                    byte[] id = a.id();
                    String keyId = id == null ? "<no CKA_ID>" : switch (backend) {
                        case CRYPTOKI -> HexFormat.of().formatHex(id);
                        case SUNPKCS11 -> new String(id, StandardCharsets.US_ASCII);
                    };
                    out.add(new PrivateKeyObject(keyId, a.sensitive(), a.alwaysSensitive(), a.neverExtractable(),
                            a.local(), a.extractable()));
                }
                return out;
            } finally {
                try {
                    session.closeSession();
                } catch (PKCS11Exception | RuntimeException e) {
                    // ignore
                }
            }
        } finally {
            shared.release();
        }
    }
}
