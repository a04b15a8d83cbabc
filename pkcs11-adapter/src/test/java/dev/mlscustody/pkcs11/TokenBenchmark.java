package dev.mlscustody.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKD_NULL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_GENERIC_SECRET;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDH1_DERIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EDDSA;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KemId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SignatureScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.params.ECDH1_DERIVE_PARAMS;

/**
 * Token sign and DH rates through the adapter (cryptoki backend) beside the raw ipkcs11wrapper call
 * of the same mechanism on the same key. Not run by {@code mvn verify}; run with
 * {@code mvn -B -pl pkcs11-adapter -am -Pjmh -DskipTests verify} (the profile sets SOFTHSM2_CONF
 * to target/softhsm-jmh/softhsm2.conf; the setup creates the token there).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TokenBenchmark {
    private Pkcs11KeyCustody custody;
    private TokenInspector raw;
    private SignatureKey p256;
    private SignatureKey ed25519;
    private HpkePrivateKey x25519;
    private HpkePrivateKey ecdhP256;
    private long p256Handle;
    private long ed25519Handle;
    private long x25519Handle;
    private long ecdhP256Handle;
    private byte[] x25519Peer;
    private byte[] p256Peer;
    private final byte[] message = new byte[256];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        Path dir = conf.getParent();
        Path script = Path.of(System.getProperty("softhsm.config.dir", "../softhsm-config"), "create-token.sh");
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Process p = new ProcessBuilder(script.toString(), dir.toString(), "bench").inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("create-token.sh failed");
        }
        Pkcs11Config cfg = new Pkcs11Config(SoftHsmTokens.MODULE, "bench", new PinSource.FilePin(dir.resolve("user.pin")),
                Backend.CRYPTOKI);
        custody = Pkcs11KeyCustody.open(cfg);
        p256 = custody.generateSignatureKey(SignatureScheme.ECDSA_SECP256R1_SHA256);
        ed25519 = custody.generateSignatureKey(SignatureScheme.ED25519);
        x25519 = custody.generateHpkeKey(KemId.DHKEM_X25519_HKDF_SHA256);
        ecdhP256 = custody.generateHpkeKey(KemId.DHKEM_P256_HKDF_SHA256);
        x25519Peer = SoftwareCrypto.peer(KemId.DHKEM_X25519_HKDF_SHA256).publicKey();
        p256Peer = SoftwareCrypto.peer(KemId.DHKEM_P256_HKDF_SHA256).publicKey();
        raw = new TokenInspector(cfg);
        p256Handle = raw.privateKey(Backend.CRYPTOKI, p256.id());
        ed25519Handle = raw.privateKey(Backend.CRYPTOKI, ed25519.id());
        x25519Handle = raw.privateKey(Backend.CRYPTOKI, x25519.id());
        ecdhP256Handle = raw.privateKey(Backend.CRYPTOKI, ecdhP256.id());
        new java.security.SecureRandom().nextBytes(message);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        raw.close();
        for (var k : new dev.mlscustody.mls.crypto.KeyHandle[] {p256, ed25519, x25519, ecdhP256}) {
            custody.destroy(k.id());
        }
        custody.close();
    }

    @Benchmark
    public byte[] adapterSignP256() throws Exception {
        return p256.sign(message);
    }

    /** SHA-256 in Java + CKM_ECDSA, raw r||s (the adapter adds DER and pooling). */
    @Benchmark
    public byte[] rawSignP256() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        return raw.session.signSingle(new Mechanism(CKM_ECDSA), p256Handle, digest);
    }

    @Benchmark
    public byte[] adapterSignEd25519() throws Exception {
        return ed25519.sign(message);
    }

    @Benchmark
    public byte[] rawSignEd25519() throws Exception {
        return raw.session.signSingle(new Mechanism(CKM_EDDSA), ed25519Handle, message);
    }

    @Benchmark
    public byte[] adapterDhX25519() throws Exception {
        return x25519.dh(x25519Peer);
    }

    @Benchmark
    public byte[] rawDhX25519() throws Exception {
        return rawDerive(x25519Handle, x25519Peer, 32);
    }

    @Benchmark
    public byte[] adapterDhP256() throws Exception {
        return ecdhP256.dh(p256Peer);
    }

    @Benchmark
    public byte[] rawDhP256() throws Exception {
        return rawDerive(ecdhP256Handle, p256Peer, 32);
    }

    /** CKM_ECDH1_DERIVE into a session secret, read CKA_VALUE, destroy: the same calls the adapter makes. */
    private byte[] rawDerive(long handle, byte[] peer, int len) throws Exception {
        Session s = raw.session;
        long h = s.deriveKey(new Mechanism(CKM_ECDH1_DERIVE, new ECDH1_DERIVE_PARAMS(CKD_NULL, null, peer)), handle,
                AttributeVector.newSecretKey(CKK_GENERIC_SECRET).token(false).sensitive(false).extractable(true).valueLen(len));
        try {
            return s.getAttrValues(h, CKA_VALUE).value();
        } finally {
            s.destroyObject(h);
        }
    }
}
