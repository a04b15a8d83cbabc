package dev.mlscustody.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKD_NULL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_GENERIC_SECRET;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDH1_DERIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EDDSA;

import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.params.ECDH1_DERIVE_PARAMS;

/**
 * Fresh SoftHSM2 tokens for the JMH benchmarks, and the raw ipkcs11wrapper calls the benchmarks
 * compare the adapter and MLS layers against.
 *
 * <p>The {@code jmh} profile fixes {@code SOFTHSM2_CONF=target/softhsm-jmh/softhsm2.conf} (SoftHSM
 * reads it at C_Initialize; JMH forks inherit it). The first token made in a JVM wipes that folder;
 * every trial then gets its own token (unique label, own PIN files) from
 * {@code softhsm-config/create-token.sh}, so trials never see each other's keys even with
 * {@code -f 0}. Not thread-safe across concurrent JMH invocations in the same checkout.
 */
final class BenchmarkToken {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static boolean wiped;

    private BenchmarkToken() {
    }

    /** Creates a fresh token and returns a config for it (session pool at its default size). */
    static synchronized Pkcs11Config fresh(String prefix, Backend backend) throws IOException, InterruptedException {
        String confEnv = System.getenv("SOFTHSM2_CONF");
        if (confEnv == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: run through the jmh profile of pkcs11-adapter");
        }
        Path dir = Path.of(confEnv).toAbsolutePath().getParent();
        Path script = Path.of(System.getProperty("softhsm.config.dir", "../softhsm-config"), "create-token.sh")
                .toAbsolutePath();
        if (!wiped) {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
            wiped = true;
        }
        byte[] r = new byte[4];
        RANDOM.nextBytes(r);
        String label = prefix + "-" + HexFormat.of().formatHex(r);
        Path pin = dir.resolve(label + ".pin");
        Process p = new ProcessBuilder(script.toString(), dir.toString(), label, "file:" + pin,
                "file:" + dir.resolve(label + ".so.pin")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("create-token.sh failed for " + label);
        }
        if (!Path.of(out).equals(dir.resolve("softhsm2.conf"))) {
            throw new IOException("create-token.sh wrote " + out + ", but SOFTHSM2_CONF is " + confEnv);
        }
        return new Pkcs11Config(SoftHsmTokens.MODULE, label, new PinSource.FilePin(pin), backend);
    }

    /** The member configurations the group benchmarks run: "suite-backend". */
    record Member(int suite, Backend backend) {
        static Member parse(String s) {
            String[] p = s.split("-", 2);
            Backend b = switch (p[1]) {
                case "cryptoki" -> Backend.CRYPTOKI;
                case "sunpkcs11" -> Backend.SUNPKCS11;
                case "software" -> null;
                default -> throw new IllegalArgumentException("unknown backend " + p[1]);
            };
            return new Member(Integer.parseInt(p[0]), b);
        }

        boolean onToken() {
            return backend != null;
        }
    }

    /**
     * The raw ipkcs11wrapper sign of the same mechanism the adapter uses on the same key: CKM_EDDSA
     * over the message, or SHA-256 in Java + CKM_ECDSA (raw r||s; the adapter adds DER).
     */
    static byte[] rawSign(Session s, SignatureScheme scheme, long handle, byte[] message) throws Exception {
        if (scheme == SignatureScheme.ED25519) {
            return s.signSingle(new Mechanism(CKM_EDDSA), handle, message);
        }
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        return s.signSingle(new Mechanism(CKM_ECDSA), handle, digest);
    }

    /** CKM_ECDH1_DERIVE into a session secret, read CKA_VALUE, destroy: the calls the adapter makes. */
    static byte[] rawDerive(Session s, long handle, byte[] peer, int len) throws Exception {
        long h = s.deriveKey(new Mechanism(CKM_ECDH1_DERIVE, new ECDH1_DERIVE_PARAMS(CKD_NULL, null, peer)), handle,
                AttributeVector.newSecretKey(CKK_GENERIC_SECRET).token(false).sensitive(false).extractable(true)
                        .valueLen(len));
        try {
            return s.getAttrValues(h, CKA_VALUE).value();
        } finally {
            s.destroyObject(h);
        }
    }

    /**
     * The member's signer as the group sees it: delegates to the custody key, and records the size of
     * the last message signed (to size the raw-sign comparison). With {@code unsigned} set it returns
     * the last real signature instead of signing: the MLS-layer cost of a message without the
     * signature (valid only for the sender's own timing; nobody verifies it). The wrapper costs one
     * interface call and a field write per signature.
     */
    static final class RecordingSigner implements SignatureKey {
        final SignatureKey delegate;
        volatile boolean unsigned;
        int lastMessageLength;
        byte[] lastSignature;

        RecordingSigner(SignatureKey delegate) {
            this.delegate = delegate;
        }

        @Override
        public KeyId id() {
            return delegate.id();
        }

        @Override
        public byte[] publicKey() {
            return delegate.publicKey();
        }

        @Override
        public SignatureScheme scheme() {
            return delegate.scheme();
        }

        @Override
        public byte[] sign(byte[] message) throws KeyCustodyException {
            lastMessageLength = message.length;
            if (unsigned && lastSignature != null) {
                return lastSignature;
            }
            byte[] sig = delegate.sign(message);
            lastSignature = sig;
            return sig;
        }
    }
}
