package dev.mlscustody.pkcs11;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.SoftwareKeyCustody;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.group.CommitOptions;
import dev.mlscustody.mls.group.CommitOutput;
import dev.mlscustody.mls.group.CredentialValidator;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.group.GroupConfig;
import dev.mlscustody.mls.group.GroupEnvironment;
import dev.mlscustody.mls.group.KeyPackageBundle;
import dev.mlscustody.mls.group.KeyPackageFactory;
import dev.mlscustody.mls.group.ProcessedMessage;
import dev.mlscustody.mls.group.PskStore;
import dev.mlscustody.mls.group.StagedWelcome;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.BasicCredential;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * A token-held MLS member (PKCS#11 issue): the member's rate beside the raw token rate of the one
 * token operation it needs, on the same key, in the same JVM.
 *
 * <p>Member configurations ({@code member} parameter, "suite-backend"): {@code 1-cryptoki}
 * (Ed25519/X25519 on the token), {@code 2-cryptoki} and {@code 2-sunpkcs11} (P-256 on the token;
 * SunPKCS11 has no EdDSA/XDH, so no {@code 1-sunpkcs11}), and {@code 1-software}/{@code 2-software}
 * (the same member with {@link SoftwareKeyCustody}). In every case the other member (bob) is in
 * software; the group has 2 members, alice (leaf 0, the measured member) and bob.
 *
 * <ul>
 * <li>{@code send}: alice encrypts a 1 KiB application message (one signature: the token work).
 *     {@code sendRawSign}: the raw ipkcs11wrapper sign of the same mechanism on alice's key over a
 *     message of the size {@code send} signs (for software members: the software sign).
 *     {@code sendAdapterSign}: the same through the adapter ({@link SignatureKey#sign}).
 *     {@code sendUnsigned}: {@code send} with the signature replaced by the last real one (the
 *     MLS-layer cost alone).</li>
 * <li>{@code receive}: alice stages a self-update commit from bob (PublicMessage; one HPKE
 *     decapsulation with alice's leaf key, i.e. one token DH). Staging is side-effect free, so the same
 *     commit is processed every time. {@code receiveRawDh}/{@code receiveAdapterDh}: the raw
 *     CKM_ECDH1_DERIVE (derive, read, destroy) and the adapter DH on alice's leaf key.</li>
 * <li>{@code keyPackage}: a KeyPackage with the member's token signature key (2 HPKE key generations
 *     + 2 signatures: LeafNodeTBS and KeyPackageTBS) and destroying its 2 HPKE keys afterwards, i.e.
 *     the token key lifecycle of one KeyPackage. {@code hpkeKeyLifecycle}: one HPKE key generated and
 *     destroyed through the adapter.</li>
 * </ul>
 *
 * Not run by {@code mvn verify}; run with
 * {@code mvn -B -o -pl pkcs11-adapter -am -Pjmh -DskipTests verify -Djmh.include=MemberTokenBenchmark
 * -Djmh.args="-wi 3 -w 2s -i 5 -r 1s"}. Keep {@code -am}: without it mls-core comes from the shared
 * ~/.m2, which other checkouts overwrite (a jar replaced mid-run fails with NoClassDefFoundError, and
 * it need not be this checkout's mls-core). Token key generation is slow on SoftHSM (token objects are
 * files), so {@code keyPackage}/{@code hpkeKeyLifecycle} do few operations per second: give them
 * longer iterations ({@code -r 5s}) if their figures matter.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MemberTokenBenchmark {

    /** A 2-member group: alice in the configured custody, bob in software. */
    @State(Scope.Benchmark)
    public static class Pair {
        @Param({"1-cryptoki", "2-cryptoki", "2-sunpkcs11", "1-software", "2-software"})
        public String member;

        CipherSuite suite;
        Pkcs11KeyCustody token;
        TokenInspector raw;
        KeyCustody aliceCustody;
        SignatureKey aliceKey;
        BenchmarkToken.RecordingSigner aliceSigner;
        Group alice;
        Group bob;
        KeyCustody bobCustody;
        GroupEnvironment bobEnv;
        final List<KeyId> aliceKeys = new ArrayList<>();
        final byte[] payload = new byte[1024];
        final byte[] noAad = new byte[0];

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            BenchmarkToken.Member m = BenchmarkToken.Member.parse(member);
            suite = CipherSuite.of(m.suite());
            if (m.onToken()) {
                Pkcs11Config cfg = BenchmarkToken.fresh("member", m.backend());
                token = Pkcs11KeyCustody.open(cfg);
                if (!token.supportedSignatureSchemes().contains(suite.signatureScheme())
                        || !token.supportedKems().contains(suite.kem())) {
                    throw new IllegalStateException(member + ": the token/backend lacks " + suite.name());
                }
                aliceCustody = token;
                raw = new TokenInspector(cfg);
            } else {
                aliceCustody = SoftwareKeyCustody.inMemory();
            }
            GroupEnvironment aliceEnv = new GroupEnvironment(GroupConfig.defaults(), aliceCustody, PskStore.none(),
                    CredentialValidator.acceptBasic());
            bobCustody = SoftwareKeyCustody.inMemory();
            bobEnv = new GroupEnvironment(GroupConfig.defaults(), bobCustody, PskStore.none(),
                    CredentialValidator.acceptBasic());

            aliceKey = aliceCustody.generateSignatureKey(suite.signatureScheme());
            aliceKeys.add(aliceKey.id());
            aliceSigner = new BenchmarkToken.RecordingSigner(aliceKey);
            alice = Group.create(aliceEnv, suite, "token-bench".getBytes(StandardCharsets.UTF_8),
                    new BasicCredential("alice".getBytes(StandardCharsets.UTF_8)), aliceSigner, List.of());
            aliceKeys.addAll(alice.referencedKeys());

            SignatureKey bobKey = bobCustody.generateSignatureKey(suite.signatureScheme());
            KeyPackageBundle bobKp = new KeyPackageFactory(bobCustody, Clock.systemUTC()).create(suite,
                    new BasicCredential("bob".getBytes(StandardCharsets.UTF_8)), bobKey,
                    KeyPackageFactory.Options.defaults());
            CommitOutput out = alice.commit(CommitOptions.defaults().withProposals(List.of(new Add(bobKp.keyPackage()))));
            for (KeyId k : alice.mergePendingCommit().keysToDestroy()) {
                aliceCustody.destroy(k);
            }
            aliceKeys.addAll(alice.referencedKeys());
            StagedWelcome sw = Group.stageWelcome(((MlsMessage.WelcomeBody) out.welcome().orElseThrow().body()).message(),
                    bobKp, Optional.empty(), bobEnv);
            bob = sw.join(bobEnv);
            for (KeyId k : sw.keysToDestroy()) {
                bobCustody.destroy(k);
            }
            // sanity: bob reads what alice sends
            new SecureRandom().nextBytes(payload);
            ProcessedMessage pm = bob.process(alice.encrypt(payload, noAad));
            if (!(pm instanceof ProcessedMessage.Application a) || !java.util.Arrays.equals(a.data(), payload)) {
                throw new IllegalStateException("bob could not read alice's message: " + pm);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            try {
                if (raw != null) {
                    raw.close();
                }
                for (KeyId k : aliceKeys) {
                    aliceCustody.destroy(k);
                }
            } finally {
                if (token != null) {
                    token.close();
                }
            }
        }

        long rawHandle(KeyId id) throws Exception {
            return raw.privateKey(token.backend(), id);
        }
    }

    // ------------------------------------------------------------------------------ send

    @State(Scope.Benchmark)
    public static class Send {
        byte[] signed;
        long handle;

        @Setup(Level.Trial)
        public void setUp(Pair p) throws Exception {
            // a message of the size alice signs for a 1 KiB application message (FramedContentTBS in SignContent)
            p.alice.encrypt(p.payload, p.noAad);
            signed = new byte[p.aliceSigner.lastMessageLength];
            new SecureRandom().nextBytes(signed);
            if (p.raw != null) {
                handle = p.rawHandle(p.aliceKey.id());
            }
            System.out.println("\n[" + p.member + "] alice signs " + signed.length + " bytes per 1 KiB message");
        }
    }

    @Benchmark
    public MlsMessage send(Pair p) throws Exception {
        return p.alice.encrypt(p.payload, p.noAad);
    }

    /** Alice's signer returns its last real signature instead of signing (for this trial only). */
    @State(Scope.Benchmark)
    public static class Unsigned {
        @Setup(Level.Trial)
        public void setUp(Pair p) throws Exception {
            p.alice.encrypt(p.payload, p.noAad);
            p.aliceSigner.unsigned = true;
        }

        @TearDown(Level.Trial)
        public void tearDown(Pair p) {
            p.aliceSigner.unsigned = false;
        }
    }

    @Benchmark
    public MlsMessage sendUnsigned(Pair p, Unsigned u) throws Exception {
        return p.alice.encrypt(p.payload, p.noAad);
    }

    @Benchmark
    public byte[] sendAdapterSign(Pair p, Send s) throws Exception {
        return p.aliceKey.sign(s.signed);
    }

    @Benchmark
    public byte[] sendRawSign(Pair p, Send s) throws Exception {
        if (p.raw == null) {
            return p.aliceKey.sign(s.signed);
        }
        return BenchmarkToken.rawSign(p.raw.session, p.aliceKey.scheme(), s.handle, s.signed);
    }

    // ------------------------------------------------------------------------------ receive

    @State(Scope.Benchmark)
    public static class Receive {
        MlsMessage commitFromBob;
        HpkePrivateKey leafKey;
        long handle;
        byte[] peer;

        @Setup(Level.Trial)
        public void setUp(Pair p) throws Exception {
            CommitOutput out = p.bob.commit(CommitOptions.defaults());
            commitFromBob = MlsMessage.decode(out.commit().toBytes());
            for (KeyId k : p.bob.discardPendingCommit()) {
                p.bobCustody.destroy(k);
            }
            if (!(p.alice.process(commitFromBob) instanceof ProcessedMessage.CommitStaged)) {
                throw new IllegalStateException("bob's self-update did not stage at alice");
            }
            leafKey = p.aliceCustody.findHpkeKey(p.alice.referencedKeys().get(1));
            if (p.raw != null) {
                handle = p.rawHandle(leafKey.id());
            }
            peer = SoftwareCrypto.peer(p.suite.kem()).publicKey();
        }
    }

    @Benchmark
    public ProcessedMessage receive(Pair p, Receive r) throws Exception {
        return p.alice.process(r.commitFromBob);
    }

    @Benchmark
    public byte[] receiveAdapterDh(Receive r) throws Exception {
        return r.leafKey.dh(r.peer);
    }

    @Benchmark
    public byte[] receiveRawDh(Pair p, Receive r) throws Exception {
        if (p.raw == null) {
            return r.leafKey.dh(r.peer);
        }
        return BenchmarkToken.rawDerive(p.raw.session, r.handle, r.peer, p.suite.kem().nDh());
    }

    // ------------------------------------------------------------------------------ key lifecycle

    @State(Scope.Benchmark)
    public static class KeyPackages {
        KeyPackageFactory factory;
        BasicCredential credential = new BasicCredential("alice".getBytes(StandardCharsets.UTF_8));

        @Setup(Level.Trial)
        public void setUp(Pair p) {
            factory = new KeyPackageFactory(p.aliceCustody, Clock.systemUTC());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public KeyPackageBundle keyPackage(Pair p, KeyPackages k) throws Exception {
        KeyPackageBundle b = k.factory.create(p.suite, k.credential, p.aliceKey, KeyPackageFactory.Options.defaults());
        p.aliceCustody.destroy(b.initKey().id());
        p.aliceCustody.destroy(b.encryptionKey().id());
        return b;
    }

    @Benchmark
    public KeyId hpkeKeyLifecycle(Pair p) throws Exception {
        HpkePrivateKey k = p.aliceCustody.generateHpkeKey(p.suite.kem());
        p.aliceCustody.destroy(k.id());
        return k.id();
    }
}
