package dev.mlscustody.pkcs11;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the token: module, token label, PIN source, backend and pool sizing.
 *
 * @param modulePath        the PKCS#11 module (shared library)
 * @param tokenLabel        CK_TOKEN_INFO.label of the token (selected by label: SoftHSM slot ids are random)
 * @param pinSource         where the user PIN is read from at each login
 * @param backend           which access layer to use
 * @param sessionPoolSize   number of PKCS#11 sessions kept open (cryptoki backend), at least 1
 * @param reconnectInterval minimum time between two reconnect attempts while the token is unavailable
 * @param sessionWait       how long an operation waits for a free session before failing
 */
public record Pkcs11Config(
        Path modulePath,
        String tokenLabel,
        PinSource pinSource,
        Backend backend,
        int sessionPoolSize,
        Duration reconnectInterval,
        Duration sessionWait) {

    public static final int DEFAULT_SESSION_POOL_SIZE = 4;
    public static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_SESSION_WAIT = Duration.ofSeconds(30);

    public Pkcs11Config {
        Objects.requireNonNull(modulePath, "modulePath");
        Objects.requireNonNull(tokenLabel, "tokenLabel");
        Objects.requireNonNull(pinSource, "pinSource");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(reconnectInterval, "reconnectInterval");
        Objects.requireNonNull(sessionWait, "sessionWait");
        if (tokenLabel.isEmpty() || tokenLabel.length() > 32) {
            throw new IllegalArgumentException("token label must have 1..32 characters");
        }
        if (sessionPoolSize < 1 || sessionPoolSize > 256) {
            throw new IllegalArgumentException("sessionPoolSize must be in 1..256");
        }
    }

    public Pkcs11Config(Path modulePath, String tokenLabel, PinSource pinSource, Backend backend) {
        this(modulePath, tokenLabel, pinSource, backend, DEFAULT_SESSION_POOL_SIZE, DEFAULT_RECONNECT_INTERVAL,
                DEFAULT_SESSION_WAIT);
    }

    /**
     * From an RFC 7512 URI with {@code token=}, {@code module-path=} and {@code pin-source=}, e.g.
     * {@code pkcs11:token=mls?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/secrets/pin}.
     * Object-level attributes ({@code object}, {@code id}) are ignored: a custody manages many keys.
     */
    public static Pkcs11Config fromUri(String uri, Backend backend) {
        Pkcs11Uri u = Pkcs11Uri.parse(uri);
        String token = u.token().orElseThrow(() -> new Pkcs11UriException("the URI must name the token (token=...)"));
        String module = u.modulePath().orElseThrow(
                () -> new Pkcs11UriException("the URI must name the module (module-path=...)"));
        PinSource pin = u.pinSource().orElseThrow(
                () -> new Pkcs11UriException("the URI must give a pin-source (file:... or env:...)"));
        try {
            return new Pkcs11Config(Path.of(module), token, pin, backend);
        } catch (IllegalArgumentException e) {
            throw new Pkcs11UriException(e.getMessage());
        }
    }

    public Pkcs11Config withBackend(Backend b) {
        return new Pkcs11Config(modulePath, tokenLabel, pinSource, b, sessionPoolSize, reconnectInterval, sessionWait);
    }

    public Pkcs11Config withSessionPoolSize(int n) {
        return new Pkcs11Config(modulePath, tokenLabel, pinSource, backend, n, reconnectInterval, sessionWait);
    }

    public Pkcs11Config withReconnectInterval(Duration d) {
        return new Pkcs11Config(modulePath, tokenLabel, pinSource, backend, sessionPoolSize, d, sessionWait);
    }

    public Pkcs11Config withPinSource(PinSource p) {
        return new Pkcs11Config(modulePath, tokenLabel, p, backend, sessionPoolSize, reconnectInterval, sessionWait);
    }
}
