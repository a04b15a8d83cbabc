package dev.mlscustody.mls.bench;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JDK versus Bouncy Castle lightweight API, per primitive: the measurement behind the choices in
 * {@code dev.mlscustody.mls.crypto} (see that package's {@code Primitives}). Not part of the build's tests.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class PrimitiveChoiceBench {
    private final SecureRandom rnd = new SecureRandom();
    private final byte[] msg = new byte[256];
    private final byte[] kib = new byte[1024];

    private byte[] edSk = new byte[32];
    private byte[] edPk = new byte[32];
    private byte[] edSig = new byte[64];
    private Signature jdkEdSigner;
    private Signature jdkEdVerifier;
    private KeyPair jdkEdKp;
    private byte[] jdkEdSig;

    private Signature jdkEcSigner;
    private Signature jdkEcVerifier;
    private KeyPair jdkEcKp;
    private byte[] jdkEcSig;
    private ECDomainParameters p256;
    private ECPrivateKeyParameters bcEcSk;
    private ECPublicKeyParameters bcEcPk;
    private BigInteger[] bcEcSig;

    private byte[] xSk = new byte[32];
    private byte[] xPeer = new byte[32];
    private KeyAgreement jdkX;
    private KeyPair jdkXKp;
    private PublicKey jdkXPeer;
    private KeyAgreement jdkEcdh;
    private PublicKey jdkEcPeer;
    private ECPoint bcEcPeer;

    private SecretKeySpec aesKey;
    private byte[] aesKeyBytes = new byte[16];
    private byte[] chachaKeyBytes = new byte[32];
    private Cipher jdkGcm;
    private Cipher jdkChacha;
    private long counter;

    @Setup
    public void setup() throws Exception {
        rnd.nextBytes(msg);
        rnd.nextBytes(kib);
        rnd.nextBytes(edSk);
        Ed25519.generatePublicKey(edSk, 0, edPk, 0);
        Ed25519.sign(edSk, 0, edPk, 0, msg, 0, msg.length, edSig, 0);
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        jdkEdKp = g.generateKeyPair();
        jdkEdSigner = Signature.getInstance("Ed25519");
        jdkEdVerifier = Signature.getInstance("Ed25519");
        jdkEdSigner.initSign(jdkEdKp.getPrivate());
        jdkEdSigner.update(msg);
        jdkEdSig = jdkEdSigner.sign();

        KeyPairGenerator eg = KeyPairGenerator.getInstance("EC");
        eg.initialize(new ECGenParameterSpec("secp256r1"));
        jdkEcKp = eg.generateKeyPair();
        jdkEcSigner = Signature.getInstance("SHA256withECDSA");
        jdkEcVerifier = Signature.getInstance("SHA256withECDSA");
        jdkEcSigner.initSign(jdkEcKp.getPrivate());
        jdkEcSigner.update(msg);
        jdkEcSig = jdkEcSigner.sign();
        X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
        p256 = new ECDomainParameters(x9);
        BigInteger d = new BigInteger(255, rnd);
        bcEcSk = new ECPrivateKeyParameters(d, p256);
        bcEcPk = new ECPublicKeyParameters(new FixedPointCombMultiplier().multiply(p256.getG(), d).normalize(), p256);
        bcEcSig = bcSign();

        rnd.nextBytes(xSk);
        byte[] other = new byte[32];
        rnd.nextBytes(other);
        X25519.scalarMultBase(other, 0, xPeer, 0);
        KeyPairGenerator xg = KeyPairGenerator.getInstance("X25519");
        jdkXKp = xg.generateKeyPair();
        jdkXPeer = xg.generateKeyPair().getPublic();
        jdkX = KeyAgreement.getInstance("X25519");
        jdkEcdh = KeyAgreement.getInstance("ECDH");
        jdkEcPeer = eg.generateKeyPair().getPublic();
        bcEcPeer = new FixedPointCombMultiplier().multiply(p256.getG(), new BigInteger(255, rnd)).normalize();

        rnd.nextBytes(aesKeyBytes);
        rnd.nextBytes(chachaKeyBytes);
        aesKey = new SecretKeySpec(aesKeyBytes, "AES");
        jdkGcm = Cipher.getInstance("AES/GCM/NoPadding");
        jdkChacha = Cipher.getInstance("ChaCha20-Poly1305");
    }

    private byte[] nonce() {
        byte[] n = new byte[12];
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            n[11 - i] = (byte) (c >>> (8 * i));
        }
        return n;
    }

    private BigInteger[] bcSign() {
        ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        s.init(true, bcEcSk);
        SHA256Digest h = new SHA256Digest();
        h.update(msg, 0, msg.length);
        byte[] dg = new byte[32];
        h.doFinal(dg, 0);
        return s.generateSignature(dg);
    }

    @Benchmark
    public byte[] ed25519SignBc() {
        byte[] sig = new byte[64];
        Ed25519.sign(edSk, 0, edPk, 0, msg, 0, msg.length, sig, 0);
        return sig;
    }

    @Benchmark
    public boolean ed25519VerifyBc() {
        return Ed25519.verify(edSig, 0, edPk, 0, msg, 0, msg.length);
    }

    @Benchmark
    public byte[] ed25519SignJdk() throws Exception {
        jdkEdSigner.initSign(jdkEdKp.getPrivate());
        jdkEdSigner.update(msg);
        return jdkEdSigner.sign();
    }

    @Benchmark
    public boolean ed25519VerifyJdk() throws Exception {
        jdkEdVerifier.initVerify(jdkEdKp.getPublic());
        jdkEdVerifier.update(msg);
        return jdkEdVerifier.verify(jdkEdSig);
    }

    @Benchmark
    public BigInteger[] p256SignBc() {
        return bcSign();
    }

    @Benchmark
    public boolean p256VerifyBc() {
        ECDSASigner s = new ECDSASigner();
        s.init(false, bcEcPk);
        SHA256Digest h = new SHA256Digest();
        h.update(msg, 0, msg.length);
        byte[] dg = new byte[32];
        h.doFinal(dg, 0);
        return s.verifySignature(dg, bcEcSig[0], bcEcSig[1]);
    }

    @Benchmark
    public byte[] p256SignJdk() throws Exception {
        jdkEcSigner.initSign(jdkEcKp.getPrivate());
        jdkEcSigner.update(msg);
        return jdkEcSigner.sign();
    }

    @Benchmark
    public boolean p256VerifyJdk() throws Exception {
        jdkEcVerifier.initVerify(jdkEcKp.getPublic());
        jdkEcVerifier.update(msg);
        return jdkEcVerifier.verify(jdkEcSig);
    }

    @Benchmark
    public byte[] x25519Bc() {
        byte[] out = new byte[32];
        X25519.calculateAgreement(xSk, 0, xPeer, 0, out, 0);
        return out;
    }

    @Benchmark
    public byte[] x25519Jdk() throws Exception {
        jdkX.init(jdkXKp.getPrivate());
        jdkX.doPhase(jdkXPeer, true);
        return jdkX.generateSecret();
    }

    @Benchmark
    public byte[] ecdhP256Bc() {
        return bcEcPeer.multiply(bcEcSk.getD()).normalize().getAffineXCoord().getEncoded();
    }

    @Benchmark
    public byte[] ecdhP256Jdk() throws Exception {
        jdkEcdh.init(jdkEcKp.getPrivate());
        jdkEcdh.doPhase(jdkEcPeer, true);
        return jdkEcdh.generateSecret();
    }

    @Benchmark
    public byte[] aesGcmSeal1kJdk() throws Exception {
        jdkGcm.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, nonce()));
        return jdkGcm.doFinal(kib);
    }

    @Benchmark
    public byte[] aesGcmSeal1kBc() throws Exception {
        GCMBlockCipher c = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        c.init(true, new AEADParameters(new KeyParameter(aesKeyBytes), 128, nonce()));
        byte[] out = new byte[kib.length + 16];
        int n = c.processBytes(kib, 0, kib.length, out, 0);
        c.doFinal(out, n);
        return out;
    }

    @Benchmark
    public byte[] chachaSeal1kJdk() throws Exception {
        jdkChacha.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(chachaKeyBytes, "ChaCha20"), new IvParameterSpec(nonce()));
        return jdkChacha.doFinal(kib);
    }

    @Benchmark
    public byte[] chachaSeal1kBc() throws Exception {
        ChaCha20Poly1305 c = new ChaCha20Poly1305();
        c.init(true, new AEADParameters(new KeyParameter(chachaKeyBytes), 128, nonce()));
        byte[] out = new byte[kib.length + 16];
        int n = c.processBytes(kib, 0, kib.length, out, 0);
        c.doFinal(out, n);
        return out;
    }

    @Benchmark
    public PrivateKey jdkKeyFactoryOverhead() throws Exception {
        // cost of turning raw bytes into a JCA key, paid per call if the JDK were used with raw keys
        return KeyFactory.getInstance("XDH").generatePrivate(
                new java.security.spec.XECPrivateKeySpec(NamedParameterSpec.X25519, xSk));
    }
}
