package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.Welcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Group operations against the performance targets: self-update commit create/process at 10,
 * 100, 1000 members (full trees, PublicMessage), join, add 999 in one commit, 1 KiB application
 * messages. Run: {@code mvn -pl mls-core test-compile exec:exec -Pbench -Djmh.args="... GroupBench"}.
 */
public class GroupBench {

    @State(Scope.Benchmark)
    public static class Commits {
        @Param({"1", "2"})
        public int suite;
        @Param({"10", "100", "1000"})
        public int members;
        BenchFixture f;
        byte[] commitFromAlice;
        Welcome welcome;
        KeyPackageBundle joiner;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            f = BenchFixture.build(suite, members, true);
            commitFromAlice = f.alice.commit(CommitOptions.defaults()).commit().toBytes();
            f.alice.discardPendingCommit();
            joiner = f.keyPackages(members, 1).get(0);
            CommitOutput out = f.alice.commit(CommitOptions.defaults().withProposals(List.of(new Add(joiner.keyPackage()))));
            welcome = ((MlsMessage.WelcomeBody) out.welcome().orElseThrow().body()).message();
            f.alice.discardPendingCommit();
        }
    }

    /** Joining a full tree of {@code members} (+1) members: every parent node set, no unmerged leaves but ours. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Group joinFullTree(Commits s) throws Exception {
        return Group.stageWelcome(s.welcome, s.joiner, Optional.empty(), s.f.env).join(s.f.env);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public CommitOutput commitCreate(Commits s) throws Exception {
        CommitOutput out = s.f.alice.commit(CommitOptions.defaults());
        for (KeyId k : s.f.alice.discardPendingCommit()) {
            s.f.custody.destroy(k);
        }
        return out;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ProcessedMessage commitProcess(Commits s) throws Exception {
        return s.f.bob.process(s.commitFromAlice);
    }

    @State(Scope.Benchmark)
    public static class Joins {
        @Param({"1", "2"})
        public int suite;
        @Param({"1000", "10000"})
        public int members;
        BenchFixture f;
        Welcome welcome;
        KeyPackageBundle joiner;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            f = BenchFixture.build(suite, members - 1, false);
            joiner = f.keyPackages(members - 1, 1).get(0);
            CommitOutput out = f.alice.commit(CommitOptions.defaults().withProposals(List.of(new Add(joiner.keyPackage()))));
            welcome = ((MlsMessage.WelcomeBody) out.welcome().orElseThrow().body()).message();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Group join(Joins s) throws Exception {
        return Group.stageWelcome(s.welcome, s.joiner, Optional.empty(), s.f.env).join(s.f.env);
    }

    @State(Scope.Benchmark)
    public static class Adds {
        @Param({"1", "2"})
        public int suite;
        BenchFixture f;
        List<Proposal> adds = new ArrayList<>();

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            f = BenchFixture.build(suite, 1, false);
            for (KeyPackageBundle kp : f.keyPackages(1, 999)) {
                adds.add(new Add(kp.keyPackage()));
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public CommitOutput add999(Adds s) throws Exception {
        CommitOutput out = s.f.alice.commit(CommitOptions.defaults().withProposals(s.adds));
        for (KeyId k : s.f.alice.discardPendingCommit()) {
            s.f.custody.destroy(k);
        }
        return out;
    }

    @State(Scope.Benchmark)
    public static class Messages {
        @Param({"1", "2"})
        public int suite;
        BenchFixture f;
        final byte[] payload = new byte[1024];

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            f = BenchFixture.build(suite, 2, false);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public MlsMessage messageEncrypt(Messages s) throws Exception {
        return s.f.alice.encrypt(s.payload, new byte[0]);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ProcessedMessage messageEncryptThenDecrypt(Messages s) throws Exception {
        return s.f.bob.process(s.f.alice.encrypt(s.payload, new byte[0]));
    }
}
