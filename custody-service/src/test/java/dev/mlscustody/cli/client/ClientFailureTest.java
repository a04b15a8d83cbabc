package dev.mlscustody.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input to the client: every refused call prints one {"ok":false,...} line on stderr, exits 1
 * (picocli usage errors: non-zero), changes no byte of the member's state folder, and names no secret.
 */
class ClientFailureTest {
    private static final String PSK_SECRET = "7e57ab1e".repeat(8);

    @TempDir
    Path root;
    private int files;
    private Member alice;
    private Member bob;
    private final List<Cli.Result> failures = new ArrayList<>();

    private Path file(String what) {
        return root.resolve("msg").resolve((++files) + "-" + what + ".mls");
    }

    /** alice and bob in a group of {@code suite}, both knowing the external PSK. */
    private void group(int suite) {
        alice = Member.software("alice", suite, root);
        bob = Member.software("bob", suite, root);
        alice.create();
        Path kp = file("kp");
        bob.keyPackage(kp);
        Path w = file("welcome");
        alice.ok("add", "--keypackage", kp.toString(), "--out-welcome", w.toString(), "--out-commit", file("commit").toString(),
                "--ratchet-tree-ext");
        bob.join(w);
        for (Member m : List.of(alice, bob)) {
            m.ok("psk-store", "--id", "aa01", "--secret", PSK_SECRET);
        }
        Member.agree(alice, bob);
    }

    @BeforeEach
    void setUp() {
        group(1);
    }

    /** No line printed by a refused call carries key bytes or the PSK secret. */
    @AfterEach
    void noSecretsInErrors() throws IOException {
        List<byte[]> secrets = new ArrayList<>();
        secrets.add(HexFormat.of().parseHex(PSK_SECRET));
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".key")).toList()) {
                secrets.add(Files.readAllBytes(p));
            }
        }
        assertTrue(secrets.size() > 2, "key files found for the scan");
        for (Cli.Result r : failures) {
            assertNoSecret(r.out() + r.err(), secrets);
        }
    }

    static void assertNoSecret(String text, List<byte[]> secrets) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (byte[] secret : secrets) {
            for (int i = 0; i + 12 <= secret.length; i++) {
                byte[] w = Arrays.copyOfRange(secret, i, i + 12);
                assertFalse(lower.contains(HexFormat.of().formatHex(w)), "secret bytes (hex) in: " + text);
                assertFalse(text.contains(Base64.getEncoder().encodeToString(w).substring(0, 16)), "secret bytes (base64) in: " + text);
            }
        }
    }

    /** Runs a refused call and asserts nothing in the folders of {@code watched} changed. */
    private Cli.Result refused(Member m, List<Member> watched, String sub, String... rest) {
        List<Map<String, byte[]>> before = watched.stream().map(Member::snapshot).toList();
        Cli.Result r = m.fails(sub, rest);
        failures.add(r);
        for (int i = 0; i < watched.size(); i++) {
            assertSameFiles(watched.get(i), before.get(i), watched.get(i).snapshot(), r);
        }
        return r;
    }

    private Cli.Result refused(Member m, String sub, String... rest) {
        return refused(m, List.of(m), sub, rest);
    }

    private static void assertSameFiles(Member m, Map<String, byte[]> before, Map<String, byte[]> after, Cli.Result r) {
        assertEquals(before.keySet(), after.keySet(), () -> m + ": files changed by " + r);
        for (String k : before.keySet()) {
            assertTrue(Arrays.equals(before.get(k), after.get(k)), () -> m + ": " + k + " changed by " + r);
        }
    }

    private static Path tamper(Path in, Path out, int fromEnd) throws IOException {
        byte[] b = Files.readAllBytes(in);
        b[b.length - fromEnd] ^= 0x01;
        Files.createDirectories(out.getParent());
        Files.write(out, b);
        return out;
    }

    private static String error(Cli.Result r) {
        return r.json().path("error").asText();
    }

    @ParameterizedTest(name = "byte {0} from the end")
    @ValueSource(ints = {1, 17, 40})
    void tamperedApplicationMessage(int fromEnd) throws Exception {
        Path m = file("app");
        alice.encrypt("secret text", m);
        Path bad = tamper(m, file("bad"), fromEnd);
        refused(bob, "decrypt", "--in", bad.toString());
        refused(bob, "process", "--in", bad.toString());
        bob.decrypt(m, "secret text", 0); // the genuine one still works: nothing was consumed
    }

    @ParameterizedTest(name = "public {0}")
    @ValueSource(booleans = {false, true})
    void tamperedCommit(boolean publicMessage) throws Exception {
        Path c = file("commit");
        if (publicMessage) {
            alice.ok("commit", "--out", c.toString(), "--public");
        } else {
            alice.ok("commit", "--out", c.toString());
        }
        for (int fromEnd : new int[] {1, 30, 100}) {
            refused(bob, "process", "--in", tamper(c, file("bad"), fromEnd).toString());
        }
        bob.processCommit(c);
        Member.agree(alice, bob);
    }

    @Test
    void replayedMessages() throws Exception {
        Path m = file("app");
        alice.encrypt("once", m);
        bob.decrypt(m, "once", 0);
        refused(bob, "decrypt", "--in", m.toString());
        Path c = file("commit");
        alice.ok("commit", "--out", c.toString());
        bob.processCommit(c);
        refused(bob, "process", "--in", c.toString());
        Path p = file("proposal");
        alice.ok("propose", "--type", "psk", "--psk-id", "aa01", "--out", p.toString());
        bob.processProposal(p, "psk");
        refused(bob, "process", "--in", p.toString());
        assertEquals(1, bob.info().path("pendingProposals").asInt());
        Member.agree(alice, bob);
    }

    @Test
    void ownMessageComesBack() throws Exception {
        Path m = file("app");
        alice.encrypt("mine", m);
        refused(alice, "decrypt", "--in", m.toString());
        Path c = file("commit");
        alice.ok("commit", "--out", c.toString());
        refused(alice, "process", "--in", c.toString());
        bob.processCommit(c);
        Member.agree(alice, bob);
    }

    @Test
    void messageForAnotherGroup() throws Exception {
        Member other = Member.software("oscar", 1, root);
        other.create();
        Path m = file("app");
        other.encrypt("elsewhere", m);
        refused(bob, "decrypt", "--in", m.toString());
        Path c = file("commit");
        other.ok("commit", "--out", c.toString(), "--public");
        refused(bob, "process", "--in", c.toString());
    }

    @Test
    void garbageFiles() throws Exception {
        Path garbage = file("garbage");
        Files.createDirectories(garbage.getParent());
        Files.write(garbage, "this is not an MLS message at all".getBytes());
        Path empty = Files.write(file("empty"), new byte[0]);
        Path missing = root.resolve("no-such-file.mls");
        for (Path p : List.of(garbage, empty, missing)) {
            refused(bob, "process", "--in", p.toString());
            refused(bob, "decrypt", "--in", p.toString());
            refused(bob, "join", "--welcome", p.toString());
            refused(alice, "add", "--keypackage", p.toString(), "--out-welcome", file("w").toString(), "--out-commit", file("c").toString());
            refused(alice, "commit", "--keypackage", p.toString(), "--out-welcome", file("w").toString(), "--out", file("c").toString());
            refused(alice, "propose", "--type", "add", "--keypackage", p.toString(), "--out", file("p").toString());
        }
        // a message of the wrong kind: a KeyPackage given as a Welcome or a message
        Member kim = Member.software("kim", 1, root);
        Path kp = file("kp");
        kim.keyPackage(kp);
        refused(bob, "process", "--in", kp.toString());
        refused(kim, List.of(kim), "join", "--welcome", kp.toString());
    }

    @Test
    void missingStateFolder() {
        Member ghost = Member.software("ghost", 1, root);
        Path m = file("x");
        for (String[] call : List.of(new String[] {"info"}, new String[] {"process", "--in", m.toString()},
                new String[] {"encrypt", "--text", "x", "--out", m.toString()}, new String[] {"commit", "--out", m.toString()},
                new String[] {"export", "--label", "l", "--context", "", "--length", "8"},
                new String[] {"tree", "--out", m.toString()}, new String[] {"group-info", "--out", m.toString()},
                new String[] {"remove", "--leaf", "0", "--out", m.toString()})) {
            Cli.Result r = refused(ghost, call[0], Arrays.copyOfRange(call, 1, call.length));
            assertFalse(Files.exists(ghost.dir), () -> "the state folder was created by " + r);
            assertFalse(Files.exists(m), "no output written");
        }
    }

    @Test
    void failedCreationLeavesNoFolder() throws Exception {
        Path gi = file("gi");
        alice.ok("group-info", "--out", gi.toString(), "--with-tree");
        Path bad = tamper(gi, file("bad-gi"), 5);
        Member newbie = Member.software("newbie", 1, root);
        List<String[]> calls = List.of(new String[] {"create", "--suite", "99", "--identity", "newbie"},
                new String[] {"create", "--suite", "1", "--identity", "newbie", "--group-id", "xyz"},
                new String[] {"keypackage", "--suite", "99", "--identity", "newbie", "--out-dir", newbie.dir.toString()},
                new String[] {"external-join", "--suite", "1", "--identity", "newbie", "--group-info", bad.toString(), "--out", file("c").toString()},
                new String[] {"external-join", "--suite", "1", "--identity", "newbie", "--group-info", root.resolve("none").toString(),
                    "--out", file("c").toString()});
        for (String[] call : calls) {
            Cli.Result r = refused(newbie, call[0], Arrays.copyOfRange(call, 1, call.length));
            assertFalse(Files.exists(newbie.dir), () -> "a failed call left a state folder: " + r);
        }
    }

    @Test
    void welcomeForSomeoneElse() throws Exception {
        Member carol = Member.software("carol", 1, root);
        Member dan = Member.software("dan", 1, root);
        Path kpC = file("kp");
        carol.keyPackage(kpC);
        dan.keyPackage(file("kp"));
        Path w = file("welcome");
        alice.ok("add", "--keypackage", kpC.toString(), "--out-welcome", w.toString(), "--out-commit", file("c").toString(),
                "--ratchet-tree-ext");
        Cli.Result r = refused(dan, "join", "--welcome", w.toString());
        assertTrue(error(r).contains("not addressed"), r::toString);
        // a folder with no KeyPackage at all
        Member nobody = Member.software("nobody", 1, root);
        refused(nobody, "join", "--welcome", w.toString());
        carol.join(w);
    }

    @Test
    void welcomeWithoutTreeNeedsTheTree() throws Exception {
        Member carol = Member.software("carol", 1, root);
        Path kpC = file("kp");
        carol.keyPackage(kpC);
        Path w = file("welcome");
        Path tree = root.resolve("tree.bin");
        Path c = file("c");
        alice.ok("add", "--keypackage", kpC.toString(), "--out-welcome", w.toString(), "--out-commit", c.toString(),
                "--out-tree", tree.toString());
        refused(carol, "join", "--welcome", w.toString());
        Path oldTree = root.resolve("old-tree.bin");
        bob.ok("tree", "--out", oldTree.toString()); // bob is still at the previous epoch
        refused(carol, "join", "--welcome", w.toString(), "--tree", oldTree.toString());
        carol.join(w, tree);
        bob.processCommit(c);
        Member.agree(alice, bob, carol);
    }

    @Test
    void wrongSuiteKeyPackage() throws Exception {
        Member p256 = Member.software("pat", 2, root);
        Path kp = file("kp");
        p256.keyPackage(kp);
        refused(alice, "add", "--keypackage", kp.toString(), "--out-welcome", file("w").toString(), "--out-commit", file("c").toString());
        refused(alice, "commit", "--keypackage", kp.toString(), "--out-welcome", file("w").toString(), "--out", file("c").toString());
        refused(alice, "propose", "--type", "add", "--keypackage", kp.toString(), "--out", file("p").toString());
        // a KeyPackage in a folder of another suite cannot be made either
        refused(p256, "keypackage", "--suite", "1", "--identity", "pat", "--out-dir", p256.dir.toString(), "--out", file("kp").toString());
        Member.agree(alice, bob);
    }

    @Test
    void joinTwiceAndCreateTwice() throws Exception {
        Member carol = Member.software("carol", 1, root);
        Path kpC = file("kp");
        carol.keyPackage(kpC);
        Path w = file("welcome");
        alice.ok("add", "--keypackage", kpC.toString(), "--out-welcome", w.toString(), "--out-commit", file("c").toString(),
                "--ratchet-tree-ext");
        carol.join(w);
        refused(carol, "join", "--welcome", w.toString());
        refused(alice, "create", "--suite", "1", "--identity", "alice");
        refused(bob, "external-join", "--suite", "1", "--identity", "bob", "--group-info", w.toString(), "--out", file("c").toString());
    }

    @Test
    void commitsThatCannotBeMade() throws Exception {
        // a Welcome is asked for but nothing is added (a self-update would make a fresh leaf key first)
        refused(alice, "commit", "--out", file("c").toString(), "--out-welcome", file("w").toString());
        // an add without --out-welcome
        Member carol = Member.software("carol", 1, root);
        Path kpC = file("kp");
        carol.keyPackage(kpC);
        refused(alice, "commit", "--out", file("c").toString(), "--keypackage", kpC.toString());
        // a PSK nobody stored, a leaf nobody holds, our own leaf
        refused(alice, "commit", "--out", file("c").toString(), "--psk-id", "bb02");
        refused(alice, "remove", "--leaf", "7", "--out", file("c").toString());
        refused(alice, "remove", "--leaf", "0", "--out", file("c").toString());
        refused(alice, "propose", "--type", "remove", "--leaf", "9", "--out", file("p").toString());
        refused(alice, "propose", "--type", "remove", "--out", file("p").toString());
        refused(alice, "export", "--label", "x", "--context", "zz", "--length", "16");
        refused(alice, "psk-store", "--id", "not-hex", "--secret", "00");
        Path c = file("c");
        alice.ok("commit", "--out", c.toString());
        bob.processCommit(c);
        Member.agree(alice, bob);
    }

    @Test
    void decryptGivenACommit() throws Exception {
        Path c = file("commit");
        alice.ok("commit", "--out", c.toString());
        refused(bob, "decrypt", "--in", c.toString());
        bob.processCommit(c);
        Member.agree(alice, bob);
    }

    @Test
    void removedMemberCannotSend() throws Exception {
        Path c = file("commit");
        alice.ok("remove", "--leaf", "1", "--out", c.toString());
        JsonNode gone = bob.processCommit(c);
        assertTrue(gone.path("removedSelf").asBoolean());
        refused(bob, "encrypt", "--text", "x", "--out", file("m").toString());
        refused(bob, "commit", "--out", file("m").toString());
        Path m = file("app");
        alice.encrypt("after", m);
        refused(bob, "decrypt", "--in", m.toString());
    }

    @Test
    void badExternalJoin() throws Exception {
        Path gi = file("gi");
        alice.ok("group-info", "--out", gi.toString(), "--with-tree");
        Path bad = tamper(gi, file("bad-gi"), 5);
        Member eve = Member.software("eve", 1, root);
        eve.keyPackage(file("kp")); // eve already has a profile and keys
        refused(eve, "external-join", "--suite", "1", "--identity", "eve", "--group-info", bad.toString(), "--out", file("c").toString());
        Path noTree = file("gi");
        alice.ok("group-info", "--out", noTree.toString());
        refused(eve, "external-join", "--suite", "1", "--identity", "eve", "--group-info", noTree.toString(), "--out", file("c").toString());
        refused(eve, "external-join", "--suite", "2", "--identity", "eve", "--group-info", gi.toString(), "--out", file("c").toString());
        Path c = file("c");
        eve.ok("external-join", "--suite", "1", "--identity", "eve", "--group-info", gi.toString(), "--out", c.toString());
        alice.processCommit(c);
        bob.processCommit(c);
        Member.agree(alice, bob, eve);
    }

    @Test
    void unknownOptionsAndCommands() {
        Map<String, byte[]> before = bob.snapshot();
        Cli.usageError(bob.args("process", "--in", "x", "--bogus"));
        Cli.usageError(bob.args("frobnicate"));
        Cli.usageError(List.of("info"));
        Cli.usageError(bob.args("propose", "--type", "merge", "--out", "x"));
        Cli.usageError(bob.args("remove", "--leaf", "one", "--out", "x"));
        Cli.usageError(List.of("--keys-backend", "NOPE", "info", "--state", bob.dir.toString()));
        assertSameFiles(bob, before, bob.snapshot(), null);
    }

    @Test
    void badKeysUri() {
        Map<String, byte[]> before = bob.snapshot();
        Cli.Result noToken = Cli.fails(List.of("--keys", "pkcs11:module-path=/nonexistent.so", "info", "--state", bob.dir.toString()));
        assertTrue(error(noToken).contains("--keys"), noToken::toString);
        Cli.Result noModule = Cli.fails(List.of("--keys", "pkcs11:token=none?module-path=/nonexistent/lib.so&pin-source=file:/nonexistent/pin",
                "info", "--state", bob.dir.toString()));
        failures.add(noToken);
        failures.add(noModule);
        assertSameFiles(bob, before, bob.snapshot(), noModule);
    }
}
