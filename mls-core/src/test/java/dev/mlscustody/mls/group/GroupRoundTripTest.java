package dev.mlscustody.mls.group;

import static dev.mlscustody.mls.group.Members.apply;
import static dev.mlscustody.mls.group.Members.assertSameEpoch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.Remove;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our own members talking to each other: create, add, join, messages, update, remove (RFC 9420 §11–§15). */
class GroupRoundTripTest {

    @ParameterizedTest(name = "suite {0}")
    @ValueSource(ints = {1, 2, 3, 7})
    void lifecycle(int suite) throws Exception {
        lifecycle(suite, GroupConfig.defaults());
    }

    @ParameterizedTest(name = "suite {0}, private handshakes")
    @ValueSource(ints = {1, 2})
    void lifecyclePrivateHandshakes(int suite) throws Exception {
        lifecycle(suite, GroupConfig.defaults().withHandshakeAsPrivateMessage(true).withPaddingBlock(32));
    }

    private void lifecycle(int suite, GroupConfig config) throws Exception {
        Members.Client alice = Members.client("alice", suite, config);
        Members.Client bob = Members.client("bob", suite, config);
        Members.Client carol = Members.client("carol", suite, config);
        Group a = alice.create("group-1".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, a.epoch());

        // Alice adds Bob by value; Bob joins from the Welcome (ratchet_tree in the GroupInfo)
        KeyPackageBundle bobKp = bob.keyPackage();
        CommitOutput out = a.commit(CommitOptions.defaults().withProposals(List.of(new Add(bobKp.keyPackage()))));
        assertTrue(out.welcome().isPresent());
        MergeResult merged = a.mergePendingCommit();
        assertEquals(1, merged.epoch());
        assertEquals(1, merged.keysToDestroy().size(), "alice's first leaf key is superseded by the path");
        Group b = bob.join(out.welcome().get(), bobKp);
        assertSameEpoch(a, b);
        assertEquals(1, b.ownLeafIndex());

        // application messages both ways
        MlsMessage m1 = a.encrypt("hello bob".getBytes(StandardCharsets.UTF_8), new byte[] {1});
        ProcessedMessage.Application got = assertInstanceOf(ProcessedMessage.Application.class, b.process(m1.toBytes()));
        assertArrayEquals("hello bob".getBytes(StandardCharsets.UTF_8), got.data());
        assertEquals(0, got.senderLeaf());
        MlsMessage m2 = b.encrypt("hi alice".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertArrayEquals("hi alice".getBytes(StandardCharsets.UTF_8),
                ((ProcessedMessage.Application) a.process(m2.toBytes())).data());

        // Bob proposes to add Carol; Alice commits it by reference
        KeyPackageBundle carolKp = carol.keyPackage();
        MlsMessage proposal = b.propose().add(carolKp.keyPackage());
        assertInstanceOf(ProcessedMessage.ProposalReceived.class, a.process(proposal.toBytes()));
        out = a.commit(CommitOptions.defaults());
        a.mergePendingCommit();
        apply(b, out.commit());
        Group c = carol.join(out.welcome().orElseThrow(), carolKp);
        assertSameEpoch(a, b);
        assertSameEpoch(a, c);
        assertEquals(3, a.members().size());

        // Carol proposes an Update; Bob commits it (a partial... full commit with path)
        MlsMessage update = c.propose().update();
        a.process(update.toBytes());
        b.process(update.toBytes());
        out = b.commit(CommitOptions.defaults());
        b.mergePendingCommit();
        apply(a, out.commit());
        MergeResult carolMerge = apply(c, out.commit());
        assertEquals(1, carolMerge.keysToDestroy().size(), "carol's old leaf key is superseded by her Update");
        assertSameEpoch(a, c);
        assertSameEpoch(b, c);

        // an empty commit from Carol (path only)
        out = c.commit(CommitOptions.defaults());
        c.mergePendingCommit();
        apply(a, out.commit());
        apply(b, out.commit());
        assertSameEpoch(a, c);

        // Alice removes Bob without a path? Remove requires a path; commit carries one
        out = a.commit(CommitOptions.defaults().withProposals(List.of(new Remove(1))));
        a.mergePendingCommit();
        MergeResult bobResult = apply(b, out.commit());
        assertFalse(bobResult.active());
        assertEquals(Group.Status.INACTIVE, b.status());
        apply(c, out.commit());
        assertSameEpoch(a, c);
        assertEquals(2, a.members().size());

        // messages still flow between the remaining members
        MlsMessage m3 = c.encrypt("bye".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertArrayEquals("bye".getBytes(StandardCharsets.UTF_8), ((ProcessedMessage.Application) a.process(m3.toBytes())).data());
    }
}
