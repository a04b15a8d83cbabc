package dev.mlscustody.pkcs11;

import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import dev.mlscustody.mls.crypto.KeyId;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;

/**
 * Maps PKCS#11 return values (PKCS#11 v3.0 §5.1) to {@link Reason}s. Used by both backends: the
 * wrapper gives the CK_RV code directly, SunPKCS11 only as the {@code CKR_...} name in the message
 * of a non-exported {@code sun.security.pkcs11.wrapper.PKCS11Exception} somewhere in the cause chain.
 */
final class Pkcs11Errors {
    private Pkcs11Errors() {
    }

    private static final Pattern CKR_NAME = Pattern.compile("\\bCKR_[A-Z0-9_]+");

    private static final Map<String, Reason> BY_NAME = Map.ofEntries(
            // §5.1.3/§5.1.6: authentication
            Map.entry("CKR_PIN_INCORRECT", Reason.PIN_INCORRECT),
            Map.entry("CKR_PIN_INVALID", Reason.PIN_INCORRECT),
            Map.entry("CKR_PIN_LEN_RANGE", Reason.PIN_INCORRECT),
            Map.entry("CKR_PIN_EXPIRED", Reason.PIN_INCORRECT),
            Map.entry("CKR_PIN_LOCKED", Reason.PIN_INCORRECT),
            Map.entry("CKR_USER_PIN_NOT_INITIALIZED", Reason.PIN_INCORRECT),
            // module, slot, token or session gone
            Map.entry("CKR_CRYPTOKI_NOT_INITIALIZED", Reason.TOKEN_UNAVAILABLE),
            Map.entry("CKR_TOKEN_NOT_PRESENT", Reason.TOKEN_UNAVAILABLE),
            Map.entry("CKR_TOKEN_NOT_RECOGNIZED", Reason.TOKEN_UNAVAILABLE),
            Map.entry("CKR_DEVICE_REMOVED", Reason.TOKEN_UNAVAILABLE),
            Map.entry("CKR_DEVICE_ERROR", Reason.TOKEN_UNAVAILABLE),
            Map.entry("CKR_DEVICE_MEMORY", Reason.TOKEN_UNAVAILABLE),
            Map.entry("CKR_SLOT_ID_INVALID", Reason.TOKEN_UNAVAILABLE),
            Map.entry("CKR_SESSION_HANDLE_INVALID", Reason.TOKEN_UNAVAILABLE),
            Map.entry("CKR_SESSION_CLOSED", Reason.TOKEN_UNAVAILABLE),
            Map.entry("CKR_SESSION_COUNT", Reason.TOKEN_UNAVAILABLE),
            Map.entry("CKR_USER_NOT_LOGGED_IN", Reason.TOKEN_UNAVAILABLE),
            // objects
            Map.entry("CKR_OBJECT_HANDLE_INVALID", Reason.KEY_NOT_FOUND),
            Map.entry("CKR_KEY_HANDLE_INVALID", Reason.KEY_NOT_FOUND),
            // mechanisms
            Map.entry("CKR_MECHANISM_INVALID", Reason.MECHANISM_NOT_SUPPORTED),
            Map.entry("CKR_CURVE_NOT_SUPPORTED", Reason.MECHANISM_NOT_SUPPORTED),
            Map.entry("CKR_FUNCTION_NOT_SUPPORTED", Reason.MECHANISM_NOT_SUPPORTED),
            Map.entry("CKR_KEY_SIZE_RANGE", Reason.MECHANISM_NOT_SUPPORTED),
            // templates
            Map.entry("CKR_TEMPLATE_INCOMPLETE", Reason.TEMPLATE_REJECTED),
            Map.entry("CKR_TEMPLATE_INCONSISTENT", Reason.TEMPLATE_REJECTED),
            Map.entry("CKR_ATTRIBUTE_VALUE_INVALID", Reason.TEMPLATE_REJECTED),
            Map.entry("CKR_ATTRIBUTE_TYPE_INVALID", Reason.TEMPLATE_REJECTED),
            Map.entry("CKR_ATTRIBUTE_READ_ONLY", Reason.TEMPLATE_REJECTED),
            Map.entry("CKR_ATTRIBUTE_SENSITIVE", Reason.TEMPLATE_REJECTED),
            Map.entry("CKR_DOMAIN_PARAMS_INVALID", Reason.TEMPLATE_REJECTED),
            Map.entry("CKR_KEY_TYPE_INCONSISTENT", Reason.TEMPLATE_REJECTED),
            // caller input
            Map.entry("CKR_ARGUMENTS_BAD", Reason.INVALID_INPUT),
            Map.entry("CKR_DATA_INVALID", Reason.INVALID_INPUT),
            Map.entry("CKR_DATA_LEN_RANGE", Reason.INVALID_INPUT),
            Map.entry("CKR_MECHANISM_PARAM_INVALID", Reason.INVALID_INPUT));

    static Reason reasonOf(long ckr) {
        return reasonOf(PKCS11Constants.ckrCodeToName(ckr));
    }

    static Reason reasonOf(String ckrName) {
        return ckrName == null ? Reason.OPERATION_FAILED : BY_NAME.getOrDefault(ckrName, Reason.OPERATION_FAILED);
    }

    /** True when the code says the module, token or session is gone: reconnect before the next use. */
    static boolean meansUnavailable(long ckr) {
        return reasonOf(ckr) == Reason.TOKEN_UNAVAILABLE;
    }

    static KeyCustodyException of(String op, KeyId id, PKCS11Exception e) {
        String name = PKCS11Constants.ckrCodeToName(e.getErrorCode());
        return new KeyCustodyException(reasonOf(e.getErrorCode()), op, id, name, e);
    }

    /** The first CKR_ name found in a (JDK) exception chain, or null. */
    static String ckrNameIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null) {
                Matcher matcher = CKR_NAME.matcher(m);
                if (matcher.find()) {
                    return matcher.group();
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    /** True if the chain contains an exception of the given class. */
    static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
