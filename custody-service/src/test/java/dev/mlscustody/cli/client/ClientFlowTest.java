package dev.mlscustody.cli.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The file-based client with software keys, driven through {@code mls-custody client ...} in this
 * JVM: every subcommand, and after every step all members agree on the epoch authenticator.
 */
class ClientFlowTest {

    @TempDir
    Path root;
    private int files;

    private Path file(String what) {
        return root.resolve("msg").resolve((++files) + "-" + what + ".mls");
    }

    /** Asserts the acting member's line is at the epoch all members agree on. */
    private static void sameEpoch(JsonNode acted, JsonNode agreed) {
        assertEquals(agreed.path("epoch"), acted.path("epoch"), acted::toString);
        assertEquals(agreed.path("epochAuthenticator"), acted.path("epochAuthenticator"), acted::toString);
    }

    /** A short flow for every suite: create, add with the tree in the Welcome, join, messages, self-updates, export. */
    @ParameterizedTest(name = "suite {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void shortFlow(int suite) throws Exception {
        Member a = Member.software("alice", suite, root);
        Member b = Member.software("bob", suite, root);
        a.create();
        Path kpB = file("kp-bob");
        b.keyPackage(kpB);
        Path welcome = file("welcome");
        Path commit = file("commit");
        JsonNode added = a.ok("add", "--keypackage", kpB.toString(), "--out-welcome", welcome.toString(),
                "--out-commit", commit.toString(), "--ratchet-tree-ext");
        assertEquals("commit", added.path("kind").asText());
        assertEquals(1, added.path("epoch").asLong());
        JsonNode joined = b.join(welcome);
        sameEpoch(joined, added);
        Member.agree(a, b);

        Path m1 = file("app");
        a.encrypt("hello bob, suite " + suite, m1);
        b.decrypt(m1, "hello bob, suite " + suite, a.leaf());
        Path m2 = file("app");
        b.encrypt("hello alice", m2);
        a.decrypt(m2, "hello alice", b.leaf());

        Path c1 = file("commit");
        JsonNode bUpd = b.ok("commit", "--out", c1.toString());
        assertEquals(2, bUpd.path("epoch").asLong());
        a.processCommit(c1);
        sameEpoch(bUpd, Member.agree(a, b));
        Path c2 = file("commit");
        JsonNode aUpd = a.ok("commit", "--public", "--out", c2.toString());
        b.processCommit(c2);
        sameEpoch(aUpd, Member.agree(a, b));

        JsonNode ea = a.ok("export", "--label", "test", "--context", "00ff", "--length", "32");
        JsonNode eb = b.ok("export", "--label", "test", "--context", "00ff", "--length", "32");
        assertEquals(64, ea.path("secret").asText().length());
        assertEquals(ea.path("secret"), eb.path("secret"));
        JsonNode other = b.ok("export", "--label", "test", "--context", "01ff", "--length", "32");
        assertNotEquals(ea.path("secret"), other.path("secret"));
    }

    /** Every subcommand and option in one group's life, for suites 1, 2 and 5 (and the rest). */
    @ParameterizedTest(name = "suite {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void fullFlow(int suite) throws Exception {
        Member a = Member.software("alice", suite, root);
        Member b = Member.software("bob", suite, root);
        Member c = Member.software("carol", suite, root);
        Member d = Member.software("dave", suite, root);
        Member e = Member.software("erin", suite, root);
        Member f = Member.software("frank", suite, root);
        String gid = "c0ffee" + Integer.toHexString(suite);
        if (gid.length() % 2 == 1) {
            gid = gid + "0";
        }
        JsonNode created = a.ok("create", "--suite", Integer.toString(suite), "--identity", "alice", "--group-id", gid);
        assertEquals(gid, created.path("groupId").asText());
        assertEquals(Map.of(0, "alice"), Member.members(created));

        // add bob with the ratchet tree in the Welcome
        Path kpB = file("kp-bob");
        JsonNode kpLine = b.keyPackage(kpB);
        assertTrue(kpLine.path("keyPackageRef").asText().matches("[0-9a-f]+"));
        Path w1 = file("welcome");
        Path c1 = file("commit");
        JsonNode add1 = a.ok("add", "--keypackage", kpB.toString(), "--out-welcome", w1.toString(), "--out-commit", c1.toString(),
                "--ratchet-tree-ext");
        JsonNode bJoined = b.join(w1);
        assertFalse(Files.exists(b.dir.resolve("keypackages").resolve(kpLine.path("keyPackageRef").asText() + ".bin")),
                "a used KeyPackage is forgotten");
        sameEpoch(bJoined, Member.agree(a, b));
        sameEpoch(add1, bJoined);

        // add carol with the tree given separately (--out-tree, join --tree), as a PublicMessage commit
        Path kpC = file("kp-carol");
        c.keyPackage(kpC);
        Path w2 = file("welcome");
        Path c2 = file("commit");
        Path tree = root.resolve("tree-for-carol.bin");
        JsonNode add2 = a.ok("add", "--keypackage", kpC.toString(), "--out-welcome", w2.toString(), "--out-commit", c2.toString(),
                "--out-tree", tree.toString(), "--public");
        assertTrue(Files.size(tree) > 0);
        b.processCommit(c2);
        c.join(w2, tree);
        sameEpoch(add2, Member.agree(a, b, c));

        // application messages every way
        for (Member from : new Member[] {a, b, c}) {
            Path m = file("app");
            String text = "from " + from.name + " \u2713";
            from.encrypt(text, m);
            for (Member to : new Member[] {a, b, c}) {
                if (to != from) {
                    to.decrypt(m, text, from.leaf());
                }
            }
        }

        // self-updates, private and public
        Path c3 = file("commit");
        JsonNode upd = b.ok("commit", "--out", c3.toString());
        a.processCommit(c3);
        c.processCommit(c3);
        sameEpoch(upd, Member.agree(a, b, c));
        Path c4 = file("commit");
        upd = c.ok("commit", "--public", "--out", c4.toString());
        a.processCommit(c4);
        b.processCommit(c4);
        sameEpoch(upd, Member.agree(a, b, c));

        // bob proposes adding dave; alice commits it by reference
        Path kpD = file("kp-dave");
        d.keyPackage(kpD);
        Path pAdd = file("proposal");
        JsonNode proposed = b.ok("propose", "--type", "add", "--keypackage", kpD.toString(), "--out", pAdd.toString());
        assertEquals("proposal", proposed.path("kind").asText());
        a.processProposal(pAdd, "add");
        c.processProposal(pAdd, "add");
        assertEquals(1, a.info().path("pendingProposals").asInt());
        Path w3 = file("welcome");
        Path c5 = file("commit");
        JsonNode byRef = a.ok("commit", "--out", c5.toString(), "--out-welcome", w3.toString(), "--ratchet-tree-ext");
        assertEquals(4, byRef.path("members").size());
        assertEquals(0, a.info().path("pendingProposals").asInt());
        b.processCommit(c5);
        c.processCommit(c5);
        d.join(w3);
        sameEpoch(byRef, Member.agree(a, b, c, d));

        // external PSKs: a psk proposal committed by reference, then one given to commit directly
        String pskId = "0a0b0c" + suite;
        pskId = pskId.length() % 2 == 0 ? pskId : pskId + "0";
        String pskSecret = "5ec0e7".repeat(8);
        for (Member m : new Member[] {a, b, c, d}) {
            assertEquals(pskId, m.ok("psk-store", "--id", pskId, "--secret", pskSecret).path("pskId").asText());
        }
        Path pPsk = file("proposal");
        c.ok("propose", "--type", "psk", "--psk-id", pskId, "--out", pPsk.toString(), "--public");
        a.processProposal(pPsk, "psk");
        b.processProposal(pPsk, "psk");
        d.processProposal(pPsk, "psk");
        Path c6 = file("commit");
        JsonNode pskCommit = d.ok("commit", "--out", c6.toString());
        for (Member m : new Member[] {a, b, c}) {
            m.processCommit(c6);
        }
        sameEpoch(pskCommit, Member.agree(a, b, c, d));
        Path c7 = file("commit");
        JsonNode pskDirect = b.ok("commit", "--psk-id", pskId, "--out", c7.toString());
        for (Member m : new Member[] {a, c, d}) {
            m.processCommit(c7);
        }
        sameEpoch(pskDirect, Member.agree(a, b, c, d));

        // alice proposes removing dave; carol commits it; dave learns he was removed
        int daveLeaf = d.leaf();
        Path pRem = file("proposal");
        a.ok("propose", "--type", "remove", "--leaf", Integer.toString(daveLeaf), "--out", pRem.toString());
        b.processProposal(pRem, "remove");
        c.processProposal(pRem, "remove");
        d.processProposal(pRem, "remove");
        Path c8 = file("commit");
        JsonNode remCommit = c.ok("commit", "--out", c8.toString());
        assertFalse(Member.members(remCommit).containsValue("dave"));
        a.processCommit(c8);
        b.processCommit(c8);
        JsonNode daveGone = d.processCommit(c8);
        assertTrue(daveGone.path("removedSelf").asBoolean(), daveGone::toString);
        assertFalse(daveGone.path("active").asBoolean(), daveGone::toString);
        sameEpoch(remCommit, Member.agree(a, b, c));

        // bob removes carol directly
        Path c9 = file("commit");
        JsonNode removed = b.ok("remove", "--leaf", Integer.toString(c.leaf()), "--out", c9.toString());
        a.processCommit(c9);
        JsonNode carolGone = c.processCommit(c9);
        assertTrue(carolGone.path("removedSelf").asBoolean(), carolGone::toString);
        sameEpoch(removed, Member.agree(a, b));
        JsonNode carolInfo = c.ok("info");
        assertFalse(carolInfo.path("active").asBoolean(), carolInfo::toString);

        // erin joins by external commit from a GroupInfo carrying the tree
        Path gi1 = file("groupinfo");
        b.ok("group-info", "--out", gi1.toString(), "--with-tree");
        Path c10 = file("commit");
        JsonNode erinJoined = e.ok("external-join", "--suite", Integer.toString(suite), "--identity", "erin",
                "--group-info", gi1.toString(), "--out", c10.toString());
        assertEquals("commit", erinJoined.path("kind").asText());
        a.processCommit(c10);
        b.processCommit(c10);
        sameEpoch(erinJoined, Member.agree(a, b, e));

        // frank joins by external commit from a GroupInfo without the tree, given the tree separately
        Path gi2 = file("groupinfo");
        a.ok("group-info", "--out", gi2.toString());
        Path tree2 = root.resolve("tree-for-frank.bin");
        a.ok("tree", "--out", tree2.toString());
        Path c11 = file("commit");
        JsonNode frankJoined = f.ok("external-join", "--suite", Integer.toString(suite), "--identity", "frank",
                "--group-info", gi2.toString(), "--tree", tree2.toString(), "--out", c11.toString());
        for (Member m : new Member[] {a, b, e}) {
            m.processCommit(c11);
        }
        sameEpoch(frankJoined, Member.agree(a, b, e, f));

        // everyone derives the same exporter secret and holds the same ratchet tree
        JsonNode ref = null;
        byte[] refTree = null;
        for (Member m : new Member[] {a, b, e, f}) {
            JsonNode x = m.ok("export", "--label", "flow", "--context", "", "--length", "48");
            assertEquals(96, x.path("secret").asText().length());
            if (ref == null) {
                ref = x;
            }
            assertEquals(ref.path("secret"), x.path("secret"), m.name);
            Path t = root.resolve("tree-" + m.name + ".bin");
            m.ok("tree", "--out", t.toString());
            byte[] bytes = Files.readAllBytes(t);
            if (refTree == null) {
                refTree = bytes;
            }
            assertArrayEquals(refTree, bytes, m.name);
        }
        JsonNode info = f.info();
        assertEquals("operational", info.path("status").asText());
        assertEquals(0, info.path("pendingProposals").asInt());
        assertEquals(4, info.path("members").size());

        // a last message after all of it
        Path m = file("app");
        f.encrypt("bye", m);
        for (Member to : new Member[] {a, b, e}) {
            to.decrypt(m, "bye", f.leaf());
        }
    }
}
