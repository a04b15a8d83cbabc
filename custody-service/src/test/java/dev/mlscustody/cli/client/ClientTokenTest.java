package dev.mlscustody.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlscustody.pkcs11.Backend;
import dev.mlscustody.pkcs11.ClientTestTokens;
import dev.mlscustody.pkcs11.ClientTestTokens.PrivateKeyObject;
import dev.mlscustody.pkcs11.SoftHsmTokens;
import dev.mlscustody.pkcs11.SoftHsmTokens.TestToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client members whose keys all live on a SoftHSM2 token ({@code client --keys pkcs11:...}), in
 * groups with software members: every suite on the CRYPTOKI backend, suites 2, 5 and 7 on SUNPKCS11.
 * Checked on the token itself: the attributes of every private key object, and that used init keys,
 * replaced leaf keys and the leaf key of a removed member are gone. Skipped without SoftHSM2.
 */
class ClientTokenTest {

    @TempDir
    Path root;
    private int files;
    private TestToken token;
    private Backend backend;

    @BeforeAll
    static void softHsm() {
        SoftHsmTokens.assumeSoftHsm();
    }

    static Stream<Arguments> cases() {
        Stream<Arguments> cryptoki = Stream.of(1, 2, 3, 4, 5, 6, 7).map(s -> Arguments.of(Backend.CRYPTOKI, s));
        Stream<Arguments> sun = Stream.of(2, 5, 7).map(s -> Arguments.of(Backend.SUNPKCS11, s));
        return Stream.concat(cryptoki, sun);
    }

    private Path file(String what) {
        return root.resolve("msg").resolve((++files) + "-" + what + ".mls");
    }

    private Member tokenMember(String name, int suite) {
        return new Member(name, suite, root.resolve(name), List.of("--keys", token.uri(), "--keys-backend", backend.name()));
    }

    /** The ids of all private keys on the token, each checked for the PKCS#11 §4.9 private key invariants. */
    private Set<String> tokenKeys() throws Exception {
        List<PrivateKeyObject> keys = ClientTestTokens.privateKeys(token, backend);
        Set<String> ids = new TreeSet<>();
        for (PrivateKeyObject k : keys) {
            assertEquals(Boolean.TRUE, k.sensitive(), k::toString);
            assertEquals(Boolean.TRUE, k.alwaysSensitive(), k::toString);
            assertEquals(Boolean.TRUE, k.neverExtractable(), k::toString);
            assertEquals(Boolean.TRUE, k.local(), k::toString);
            assertEquals(Boolean.FALSE, k.extractable(), k::toString);
            assertTrue(k.keyId().matches("[0-9a-f]{32}"), k::toString);
            assertTrue(ids.add(k.keyId()), () -> "two private keys with id " + k.keyId());
        }
        return ids;
    }

    private static byte[] read(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllBytes(p) : new byte[0];
    }

    private static boolean contains(byte[] haystack, String id) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(id);
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    /** A token member's folder: no software keys at all; its files name token keys only by id. */
    private static void assertNoSoftwareKeys(Member m) throws IOException {
        assertFalse(Files.exists(m.dir.resolve("keys")), m + " has a software key folder");
        try (Stream<Path> s = Files.walk(m.dir)) {
            List<Path> keyFiles = s.filter(p -> p.toString().endsWith(".key")).toList();
            assertEquals(List.of(), keyFiles, m + " has software key files");
        }
    }

    /** Every token key is named by some file of the token members (no orphans), and each state names its leaf key. */
    private void assertEveryTokenKeyReferenced(Set<String> onToken, Member... members) throws IOException {
        StringBuilder all = new StringBuilder();
        for (Member m : members) {
            try (Stream<Path> s = Files.walk(m.dir)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    all.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).append('\n');
                }
            }
        }
        for (String id : onToken) {
            assertTrue(all.indexOf(id) >= 0, "token key " + id + " is named by no member file: orphan");
        }
    }

    static Stream<Arguments> oneSuitePerBackend() {
        return Stream.of(Arguments.of(Backend.CRYPTOKI, 1), Arguments.of(Backend.SUNPKCS11, 2));
    }

    /**
     * A first call that fails after it made keys on the token (keypackage whose output cannot be
     * written, create with a malformed group id, external-join with an unreadable tree) removes the
     * folder it created and destroys those keys: nothing is left on the token.
     */
    @ParameterizedTest(name = "{0} suite {1}")
    @MethodSource("oneSuitePerBackend")
    void failedFirstCallsLeaveNoKeyOnTheToken(Backend backend, int suite) throws Exception {
        this.backend = backend;
        token = SoftHsmTokens.create("cli-fail-" + backend.name().substring(0, 3).toLowerCase() + suite);
        Member sam = Member.software("sam", suite, root);
        sam.create();
        Path gi = file("group-info");
        sam.ok("group-info", "--out", gi.toString());
        Path garbage = file("garbage");
        Files.write(garbage, new byte[] {1, 2, 3});
        Path nonEmptyDir = root.resolve("not-a-file");
        Files.createDirectories(nonEmptyDir.resolve("inside"));
        String s = Integer.toString(suite);

        Member kp = tokenMember("kp", suite);
        Cli.Result r = kp.fails("keypackage", "--suite", s, "--identity", "kp", "--out-dir", kp.dir.toString(),
                "--out", nonEmptyDir.toString());
        assertFalse(Files.exists(kp.dir), r::toString);
        assertEquals(Set.of(), tokenKeys(), "keypackage left keys on the token");

        Member cr = tokenMember("cr", suite);
        r = cr.fails("create", "--suite", s, "--identity", "cr", "--group-id", "not-hex");
        assertFalse(Files.exists(cr.dir), r::toString);
        assertEquals(Set.of(), tokenKeys(), "create left keys on the token");

        Member ej = tokenMember("ej", suite);
        r = ej.fails("external-join", "--suite", s, "--identity", "ej", "--group-info", gi.toString(),
                "--tree", garbage.toString(), "--out", file("ext-commit").toString());
        assertFalse(Files.exists(ej.dir), r::toString);
        assertEquals(Set.of(), tokenKeys(), "external-join left keys on the token");

        // on an existing member the same failure keeps its folder and keys, and leaves no new key or
        // KeyPackage file behind
        Member ok = tokenMember("ok", suite);
        ok.keyPackage(file("kp-ok"));
        Set<String> before = tokenKeys();
        try (Stream<Path> kps = Files.list(ok.dir.resolve("keypackages"))) {
            assertEquals(1, kps.count());
        }
        ok.fails("keypackage", "--suite", s, "--identity", "ok", "--out-dir", ok.dir.toString(), "--out", nonEmptyDir.toString());
        assertEquals(before, tokenKeys(), "a failed keypackage of an existing member changed its keys");
        assertTrue(Files.isRegularFile(ok.dir.resolve("member.bin")));
        try (Stream<Path> kps = Files.list(ok.dir.resolve("keypackages"))) {
            assertEquals(1, kps.count(), "the failed KeyPackage's file was left");
        }
    }

    @ParameterizedTest(name = "{0} suite {1}")
    @MethodSource("cases")
    void tokenMembersLifecycle(Backend backend, int suite) throws Exception {
        this.backend = backend;
        token = SoftHsmTokens.create("cli-" + backend.name().substring(0, 3).toLowerCase() + suite);
        String pin = token.pin();
        Cli.PRINTED.clear();
        Member tina = tokenMember("tina", suite);
        Member uma = tokenMember("uma", suite);
        Member sam = Member.software("sam", suite, root);
        assertEquals(Set.of(), tokenKeys());

        // a software member creates the group
        sam.create();

        // tina's KeyPackage: signature key, init key and leaf key made on the token
        Path kpT = file("kp-tina");
        JsonNode kpLine = tina.keyPackage(kpT);
        Set<String> afterKp = tokenKeys();
        assertEquals(3, afterKp.size(), afterKp::toString);
        byte[] tinaProfile = read(tina.dir.resolve("member.bin"));
        Set<String> tinaSig = afterKp.stream().filter(id -> contains(tinaProfile, id)).collect(Collectors.toSet());
        assertEquals(1, tinaSig.size(), "member.bin names the signature key");
        Path kpFile = tina.dir.resolve("keypackages").resolve(kpLine.path("keyPackageRef").asText() + ".bin");
        byte[] kpBytes = read(kpFile);
        Set<String> kpKeys = minus(afterKp, tinaSig);
        for (String id : kpKeys) {
            assertTrue(contains(kpBytes, id), "the KeyPackage file names its key " + id);
        }
        assertNoSoftwareKeys(tina);

        // tina joins from a Welcome: the init key is used (DH on the token) and destroyed, the leaf key stays
        Path w1 = file("welcome");
        Path c1 = file("commit");
        sam.ok("add", "--keypackage", kpT.toString(), "--out-welcome", w1.toString(), "--out-commit", c1.toString(),
                "--ratchet-tree-ext");
        tina.join(w1);
        Member.agree(sam, tina);
        assertFalse(Files.exists(kpFile), "the used KeyPackage is forgotten");
        Set<String> afterJoin = tokenKeys();
        Set<String> gone = minus(afterKp, afterJoin);
        assertEquals(1, gone.size(), () -> "exactly the init key is destroyed: " + gone);
        assertTrue(kpKeys.containsAll(gone));
        assertEquals(afterJoin, minus(afterKp, gone), "no key was added by the join");
        String tinaLeaf = minus(kpKeys, gone).iterator().next();
        byte[] tinaState = read(tina.dir.resolve("group.state"));
        assertTrue(contains(tinaState, tinaLeaf), "group.state names the leaf key by id");
        assertTrue(contains(tinaState, tinaSig.iterator().next()), "group.state names the signature key by id");
        assertFalse(contains(tinaState, gone.iterator().next()), "group.state does not name the destroyed init key");
        assertNoSoftwareKeys(tina);

        // tina commits with a path: a fresh leaf key on the token, the replaced one destroyed
        Path c2 = file("commit");
        tina.ok("commit", "--out", c2.toString());
        sam.processCommit(c2);
        Member.agree(sam, tina);
        Set<String> afterCommit = tokenKeys();
        assertFalse(afterCommit.contains(tinaLeaf), "the replaced leaf key is destroyed");
        Set<String> fresh = minus(afterCommit, afterJoin);
        assertEquals(1, fresh.size(), fresh::toString);
        assertEquals(minus(afterJoin, Set.of(tinaLeaf)), minus(afterCommit, fresh));
        tinaLeaf = fresh.iterator().next();
        tinaState = read(tina.dir.resolve("group.state"));
        assertTrue(contains(tinaState, tinaLeaf));

        // uma (token) added by tina (token) with the tree given separately; sam processes it
        Path kpU = file("kp-uma");
        uma.keyPackage(kpU);
        Path w2 = file("welcome");
        Path c3 = file("commit");
        Path tree = root.resolve("tree.bin");
        tina.ok("add", "--keypackage", kpU.toString(), "--out-welcome", w2.toString(), "--out-commit", c3.toString(),
                "--out-tree", tree.toString());
        sam.processCommit(c3);
        uma.join(w2, tree);
        Member.agree(sam, tina, uma);
        Set<String> withUma = tokenKeys();
        assertEquals(afterCommit.size() + 2, withUma.size(), "uma keeps her signature and leaf key, her init key is gone");

        // others' commits, processed by the token members (path secrets decrypted with the token leaf keys)
        Path c4 = file("commit");
        sam.ok("commit", "--out", c4.toString());
        tina.processCommit(c4);
        uma.processCommit(c4);
        Member.agree(sam, tina, uma);
        assertEquals(withUma, tokenKeys(), "another member's commit neither adds nor destroys our keys");
        Path c5 = file("commit");
        uma.ok("commit", "--public", "--out", c5.toString());
        sam.processCommit(c5);
        tina.processCommit(c5);
        Member.agree(sam, tina, uma);
        Set<String> afterUma = tokenKeys();
        assertEquals(withUma.size(), afterUma.size());
        assertTrue(afterUma.contains(tinaLeaf));
        assertEquals(1, minus(withUma, afterUma).size(), "uma's replaced leaf key is destroyed");

        // application messages both ways
        for (Member from : new Member[] {tina, sam, uma}) {
            Path m = file("app");
            from.encrypt("hello from " + from.name, m);
            for (Member to : new Member[] {tina, sam, uma}) {
                if (to != from) {
                    to.decrypt(m, "hello from " + from.name, from.leaf());
                }
            }
        }
        JsonNode x1 = tina.ok("export", "--label", "t", "--context", "01", "--length", "32");
        JsonNode x2 = sam.ok("export", "--label", "t", "--context", "01", "--length", "32");
        assertEquals(x2.path("secret"), x1.path("secret"));

        // a refused call with token keys: one error line, no PIN
        Path garbage = Files.write(file("garbage"), new byte[] {1, 2, 3});
        tina.fails("process", "--in", garbage.toString());

        // sam removes tina: her leaf key is destroyed when she processes it
        Path c6 = file("commit");
        sam.ok("remove", "--leaf", Integer.toString(tina.leaf()), "--out", c6.toString());
        uma.processCommit(c6);
        JsonNode removed = tina.processCommit(c6);
        assertTrue(removed.path("removedSelf").asBoolean(), removed::toString);
        Member.agree(sam, uma);
        Set<String> afterRemove = tokenKeys();
        assertFalse(afterRemove.contains(tinaLeaf), "the removed member's leaf key is destroyed");
        assertEquals(minus(afterUma, Set.of(tinaLeaf)), afterRemove);
        assertTrue(afterRemove.containsAll(tinaSig), "the member's signature key stays with her profile");
        assertFalse(tina.info().path("active").asBoolean());
        assertFalse(contains(read(tina.dir.resolve("group.state")), tinaLeaf));

        // a token member creates a group of her own and adds a software member to it
        Member tom = tokenMember("tom", suite);
        tom.create();
        Set<String> withTom = tokenKeys();
        assertEquals(2, minus(withTom, afterRemove).size(), "tom's signature and leaf key are on the token");
        Member sid = Member.software("sid", suite, root);
        Path kpS = file("kp-sid");
        sid.keyPackage(kpS);
        Path w3 = file("welcome");
        tom.ok("add", "--keypackage", kpS.toString(), "--out-welcome", w3.toString(), "--out-commit", file("commit").toString(),
                "--ratchet-tree-ext");
        sid.join(w3);
        Path c7 = file("commit");
        tom.ok("commit", "--out", c7.toString());
        sid.processCommit(c7);
        Member.agree(tom, sid);
        Path m7 = file("app");
        sid.encrypt("to tom", m7);
        tom.decrypt(m7, "to tom", sid.leaf());
        afterRemove = tokenKeys();
        assertEquals(withTom.size(), afterRemove.size(), "tom's commit replaced his leaf key");

        // the state folders of token members: no software keys, every token key named by id, no PIN
        for (Member m : new Member[] {tina, uma, tom}) {
            assertNoSoftwareKeys(m);
            try (Stream<Path> s = Files.walk(m.dir)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    assertFalse(contains(Files.readAllBytes(p), pin), p + " contains the PIN");
                }
            }
        }
        assertTrue(Files.exists(sam.dir.resolve("keys")), "the software member keeps software keys");
        assertEveryTokenKeyReferenced(afterRemove, tina, uma, tom);
        Set<String> seen = new HashSet<>();
        for (String printed : Cli.PRINTED) {
            assertFalse(printed.contains(pin), "the client printed the PIN: " + printed.replace(pin, "<PIN>"));
            seen.add(printed.isEmpty() ? "" : "x");
        }
        assertTrue(seen.contains("x"), "output was captured");
    }
}
