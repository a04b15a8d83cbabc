package dev.mlscustody.mls.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.message.Add;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated messages (bit flips, truncations, byte insertions) of every kind a member receives:
 * processing must fail with a checked MLS exception or succeed, never throw an unchecked one,
 * and a failure must leave the state byte-for-byte unchanged.
 */
class GroupFuzzTest {

    @Test
    void mutatedMessagesNeverEscapeAsUncheckedExceptions() throws Exception {
        Members.Client alice = Members.client("alice", 1, GroupConfig.defaults().withHandshakeAsPrivateMessage(false));
        Members.Client bob = Members.client("bob", 1);
        Members.Client carol = Members.client("carol", 1);
        Group a = alice.create("fuzz".getBytes(StandardCharsets.UTF_8));
        KeyPackageBundle bkp = bob.keyPackage();
        CommitOutput out = a.commit(CommitOptions.defaults().withProposals(List.of(new Add(bkp.keyPackage()))));
        a.mergePendingCommit();
        Group b = bob.join(out.welcome().orElseThrow(), bkp);

        // a first message creates bob's ratchets at alice (a deterministic derivation, §9.2), so
        // that a rejected message can be compared byte for byte with the state before it
        a.process(b.encrypt("warm".getBytes(StandardCharsets.UTF_8), new byte[0]).toBytes());
        List<MlsMessage> samples = new ArrayList<>();
        samples.add(b.encrypt("hello".getBytes(StandardCharsets.UTF_8), new byte[] {7}));
        samples.add(b.propose().add(carol.keyPackage().keyPackage()));
        samples.add(b.propose().update());
        samples.add(b.commit(CommitOptions.defaults()).commit());
        b.discardPendingCommit();

        Random random = new Random(9420);
        byte[] before = GroupStateCodec.encode(a);
        int accepted = 0;
        for (MlsMessage sample : samples) {
            byte[] good = sample.toBytes();
            for (int round = 0; round < 300; round++) {
                byte[] bad = mutate(good, random);
                try {
                    a.process(bad);
                    accepted++;
                    // an accepted mutation (e.g. in unauthenticated padding) may change state: reset
                    a = GroupStateCodec.decode(before, alice.env());
                } catch (MlsException expected) {
                    assertArrayEquals(before, GroupStateCodec.encode(a), "state changed by a rejected message");
                } catch (RuntimeException e) {
                    fail("unchecked exception for a mutated message: " + e, e);
                }
            }
        }
        assertTrue(accepted < 20, "too many mutated messages accepted: " + accepted);
    }

    private static byte[] mutate(byte[] in, Random random) {
        byte[] out = in.clone();
        switch (random.nextInt(3)) {
            case 0 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length));
            default -> {
                int at = random.nextInt(out.length);
                byte[] grown = new byte[out.length + 1];
                System.arraycopy(out, 0, grown, 0, at);
                grown[at] = (byte) random.nextInt(256);
                System.arraycopy(out, at, grown, at + 1, out.length - at);
                out = grown;
            }
        }
        return out;
    }
}
