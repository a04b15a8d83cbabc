package dev.mlscustody.mls.bench;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.HpkeCiphertext;
import dev.mlscustody.mls.crypto.SoftwareHpkeKey;
import dev.mlscustody.mls.crypto.SoftwareSignatureKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-suite cost of the operations MLS does most, with software keys: SignWithLabel,
 * VerifyWithLabel, EncryptWithLabel + DecryptWithLabel (HPKE seal + open), AEAD seal of 1 KiB.
 * Run: {@code mvn -B -q -pl mls-core test-compile exec:exec -Pbench -Djmh.args="-f 1 -wi 2 -i 3 -w 1s -r 1s CryptoBench"}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class CryptoBench {
    @Param({"1", "2", "3", "4", "5", "6", "7"})
    public int suite;

    private CipherSuite cs;
    private SoftwareSignatureKey signatureKey;
    private byte[] publicKey;
    private byte[] content;
    private byte[] signature;
    private SoftwareHpkeKey hpkeKey;
    private byte[] hpkePublicKey;
    private byte[] groupSecrets;
    private byte[] aeadKey;
    private byte[] kib;
    private long nonceCounter;

    @Setup
    public void setup() throws Exception {
        cs = CipherSuite.of(suite);
        signatureKey = cs.generateSignatureKey();
        publicKey = signatureKey.publicKey();
        content = cs.randomBytes(256);
        signature = cs.signWithLabel(signatureKey, "LeafNodeTBS", content);
        hpkeKey = cs.generateHpkeKey();
        hpkePublicKey = hpkeKey.publicKey();
        groupSecrets = cs.randomBytes(100);
        aeadKey = cs.randomBytes(cs.aead().nk());
        kib = cs.randomBytes(1024);
    }

    @Benchmark
    public byte[] signWithLabel() throws Exception {
        return cs.signWithLabel(signatureKey, "LeafNodeTBS", content);
    }

    @Benchmark
    public boolean verifyWithLabel() {
        return cs.verifyWithLabel(publicKey, "LeafNodeTBS", content, signature);
    }

    @Benchmark
    public byte[] hpkeSealOpen() throws Exception {
        HpkeCiphertext ct = cs.encryptWithLabel(hpkePublicKey, "Welcome", content, groupSecrets);
        return cs.decryptWithLabel(hpkeKey, "Welcome", content, ct);
    }

    @Benchmark
    public byte[] aeadSeal1KiB() {
        byte[] nonce = new byte[cs.aead().nn()];
        long c = ++nonceCounter;
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] = (byte) (c >>> (8 * i));
        }
        return cs.seal(aeadKey, nonce, content, kib);
    }
}
