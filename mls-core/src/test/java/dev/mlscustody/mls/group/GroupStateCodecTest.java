package dev.mlscustody.mls.group;

import static dev.mlscustody.mls.group.Members.apply;
import static dev.mlscustody.mls.group.Members.assertSameEpoch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.message.Add;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshot and restore of the whole member state: byte-exact, and the restored member carries on. */
class GroupStateCodecTest {

    @Test
    void restoredMemberIsByteExactAndContinues() throws Exception {
        Members.Client alice = Members.client("alice", 1);
        Members.Client bob = Members.client("bob", 1);
        Group a = alice.create("g".getBytes(StandardCharsets.UTF_8));
        KeyPackageBundle bobKp = bob.keyPackage();
        CommitOutput out = a.commit(CommitOptions.defaults().withProposals(List.of(new Add(bobKp.keyPackage()))));
        a.mergePendingCommit();
        Group b = bob.join(out.welcome().orElseThrow(), bobKp);

        MlsMessage m1 = b.encrypt("one".getBytes(StandardCharsets.UTF_8), new byte[0]);
        MlsMessage m2 = b.encrypt("two".getBytes(StandardCharsets.UTF_8), new byte[0]);
        a.process(m2.toBytes()); // out of order: generation 0 is kept as a skipped key
        b.propose().update(); // a cached own Update with its custody key
        a.process(b.propose().remove(0).toBytes());

        byte[] snapshot = GroupStateCodec.encode(a);
        Group restored = GroupStateCodec.decode(snapshot, alice.env());
        assertArrayEquals(snapshot, GroupStateCodec.encode(restored), "encode(decode(x)) == x");
        assertSameEpoch(a, restored);
        assertEquals(a.pendingProposals().size(), restored.pendingProposals().size());

        // the skipped key survived, the used one did not
        assertArrayEquals("one".getBytes(StandardCharsets.UTF_8),
                ((ProcessedMessage.Application) restored.process(m1.toBytes())).data());
        ValidationException replay = assertThrows(ValidationException.class, () -> restored.process(m2.toBytes()));
        assertEquals(ValidationException.Reason.KEY_ALREADY_USED, replay.reason());

        // the restored member commits, the other follows
        Group bRestored = GroupStateCodec.decode(GroupStateCodec.encode(b), bob.env());
        out = bRestored.commit(CommitOptions.defaults().withIncludePending(false));
        byte[] withPending = GroupStateCodec.encode(bRestored);
        Group bAgain = GroupStateCodec.decode(withPending, bob.env());
        assertArrayEquals(withPending, GroupStateCodec.encode(bAgain));
        bAgain.mergePendingCommit();
        restored.merge(((ProcessedMessage.CommitStaged) restored.process(out.commit().toBytes())).commit());
        assertSameEpoch(bAgain, restored);
    }

    @Test
    void corruptSnapshotsAreRejected() throws Exception {
        Members.Client alice = Members.client("alice", 2);
        Group a = alice.create("g".getBytes(StandardCharsets.UTF_8));
        byte[] snapshot = GroupStateCodec.encode(a);
        byte[] wrongVersion = snapshot.clone();
        wrongVersion[1] = 9;
        assertThrows(DecodeException.class, () -> GroupStateCodec.decode(wrongVersion, alice.env()));
        byte[] truncated = Arrays.copyOf(snapshot, snapshot.length - 3);
        assertThrows(DecodeException.class, () -> GroupStateCodec.decode(truncated, alice.env()));
        Members.Client other = Members.client("other", 2);
        assertThrows(dev.mlscustody.mls.crypto.KeyCustodyException.class,
                () -> GroupStateCodec.decode(snapshot, other.env()));
    }
}
