package dev.mlscustody.pkcs11;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.xipki.pkcs11.wrapper.StaticLogger;

/**
 * Routes ipkcs11wrapper's own log lines to java.util.logging (logger {@code org.xipki.pkcs11}) at
 * INFO/WARNING/SEVERE and drops its debug/trace output entirely: at trace level the wrapper dumps
 * the attributes of generated and derived objects, which for a derived ECDH secret includes
 * CKA_VALUE. The wrapper never logs PINs (C_Login logs only the user type).
 */
final class WrapperLogBridge implements org.xipki.pkcs11.wrapper.Logger {
    private static final Logger JUL = Logger.getLogger("org.xipki.pkcs11");
    private static volatile boolean installed;

    static synchronized void install() {
        if (!installed) {
            StaticLogger.setLogger(new WrapperLogBridge());
            installed = true;
        }
    }

    private static void log(Level level, String format, Object... args) {
        if (!JUL.isLoggable(level)) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        int argIdx = 0;
        while (true) {
            int at = format.indexOf("{}", from);
            if (at < 0 || args == null || argIdx >= args.length) {
                sb.append(format, from, format.length());
                break;
            }
            sb.append(format, from, at).append(args[argIdx++]);
            from = at + 2;
        }
        JUL.log(level, sb.toString());
    }

    @Override
    public void info(String format, Object... arguments) {
        log(Level.FINE, format, arguments); // the wrapper is chatty at info (licence banner, module path)
    }

    @Override
    public void warn(String format, Object... arguments) {
        log(Level.WARNING, format, arguments);
    }

    @Override
    public void error(String format, Object... arguments) {
        log(Level.SEVERE, format, arguments);
    }

    @Override
    public void debug(String format, Object... arguments) {
        // dropped on purpose (see class comment)
    }

    @Override
    public void trace(String format, Object... arguments) {
        // dropped on purpose (see class comment)
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return JUL.isLoggable(Level.FINE);
    }

    @Override
    public boolean isWarnEnabled() {
        return JUL.isLoggable(Level.WARNING);
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }
}
