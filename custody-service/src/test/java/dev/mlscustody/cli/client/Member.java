package dev.mlscustody.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A client member in tests: its identity, suite, state folder and (for token members) the --keys options. */
final class Member {
    final String name;
    final int suite;
    final Path dir;
    final List<String> keyOptions;

    Member(String name, int suite, Path dir, List<String> keyOptions) {
        this.name = name;
        this.suite = suite;
        this.dir = dir;
        this.keyOptions = List.copyOf(keyOptions);
    }

    static Member software(String name, int suite, Path root) {
        return new Member(name, suite, root.resolve(name), List.of());
    }

    @Override
    public String toString() {
        return name;
    }

    /** {@code [--keys ...] SUB --state DIR REST...} */
    List<String> args(String sub, String... rest) {
        List<String> a = new ArrayList<>(keyOptions);
        a.add(sub);
        if (!sub.equals("keypackage")) {
            a.add("--state");
            a.add(dir.toString());
        }
        a.addAll(Arrays.asList(rest));
        return a;
    }

    /** Runs a subcommand that must succeed and, when it works on a group, checks the group fields. */
    JsonNode ok(String sub, String... rest) {
        JsonNode j = Cli.ok(args(sub, rest));
        if (!sub.equals("keypackage") && !sub.equals("psk-store")) {
            assertGroupFields(j);
        }
        return j;
    }

    Cli.Result fails(String sub, String... rest) {
        return Cli.fails(args(sub, rest));
    }

    JsonNode keyPackage(Path out, String... extra) {
        List<String> rest = new ArrayList<>(List.of("--suite", Integer.toString(suite), "--identity", name,
                "--out-dir", dir.toString(), "--out", out.toString()));
        rest.addAll(Arrays.asList(extra));
        JsonNode j = ok("keypackage", rest.toArray(String[]::new));
        assertEquals(suite, j.path("suite").asInt());
        assertTrue(Files.isRegularFile(out));
        return j;
    }

    JsonNode create() {
        JsonNode j = ok("create", "--suite", Integer.toString(suite), "--identity", name);
        assertEquals(0, j.path("epoch").asLong());
        assertEquals(1, j.path("members").size());
        return j;
    }

    JsonNode join(Path welcome) {
        return ok("join", "--welcome", welcome.toString());
    }

    JsonNode join(Path welcome, Path tree) {
        return ok("join", "--welcome", welcome.toString(), "--tree", tree.toString());
    }

    JsonNode process(Path in) {
        return ok("process", "--in", in.toString());
    }

    JsonNode processCommit(Path in) {
        JsonNode j = process(in);
        assertEquals("commit", j.path("kind").asText(), j::toString);
        return j;
    }

    JsonNode processProposal(Path in, String type) {
        JsonNode j = process(in);
        assertEquals("proposal", j.path("kind").asText(), j::toString);
        assertEquals(type, j.path("proposalType").asText(), j::toString);
        return j;
    }

    JsonNode encrypt(String text, Path out) {
        return ok("encrypt", "--text", text, "--out", out.toString());
    }

    void decrypt(Path in, String expectedText, int expectedSender) {
        JsonNode j = ok("decrypt", "--in", in.toString());
        assertEquals("application", j.path("kind").asText(), j::toString);
        assertEquals(expectedText, j.path("text").asText(), j::toString);
        assertEquals(expectedSender, j.path("sender").asInt(), j::toString);
    }

    JsonNode info() {
        return ok("info");
    }

    int leaf() {
        return info().path("ownLeaf").asInt();
    }

    /** Every line about a group names its id, suite, epoch, epoch authenticator, own leaf and members. */
    void assertGroupFields(JsonNode j) {
        for (String f : List.of("groupId", "suite", "epoch", "epochAuthenticator", "ownLeaf", "members", "active")) {
            assertTrue(j.has(f), () -> "missing " + f + " in " + j);
        }
        assertEquals(suite, j.path("suite").asInt(), j::toString);
        assertTrue(j.path("epoch").isIntegralNumber(), j::toString);
        assertTrue(j.path("epochAuthenticator").asText().matches("([0-9a-f]{2})+"), j::toString);
        assertTrue(j.path("ownLeaf").isInt(), j::toString);
        assertTrue(j.path("members").isArray() && !j.path("members").isEmpty(), j::toString);
    }

    /** All files of the state folder with their bytes (relative path -> bytes). */
    Map<String, byte[]> snapshot() {
        Map<String, byte[]> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                String rel = dir.relativize(p).toString();
                out.put(rel + (Files.isDirectory(p) ? "/" : ""), Files.isDirectory(p) ? new byte[0] : Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The ids of the group members (identity by leaf). */
    static Map<Integer, String> members(JsonNode j) {
        Map<Integer, String> m = new TreeMap<>();
        for (JsonNode n : j.path("members")) {
            m.put(n.path("leaf").asInt(), n.path("identity").asText());
        }
        return m;
    }

    /**
     * All members agree on group id, epoch, epoch authenticator and membership; each sees itself at
     * its own leaf. Returns the common info line (of the first member).
     */
    static JsonNode agree(Member... ms) {
        JsonNode first = ms[0].info();
        Set<Integer> leaves = new HashSet<>();
        for (Member m : ms) {
            JsonNode j = m.info();
            assertTrue(j.path("active").asBoolean(), m + " " + j);
            assertEquals(first.path("groupId"), j.path("groupId"), m.name);
            assertEquals(first.path("epoch"), j.path("epoch"), () -> m.name + " epoch: " + j);
            assertEquals(first.path("epochAuthenticator"), j.path("epochAuthenticator"), () -> m.name + " epochAuthenticator");
            assertEquals(members(first), members(j), m.name);
            int own = j.path("ownLeaf").asInt();
            assertEquals(m.name, members(j).get(own), m.name + " at its own leaf");
            assertTrue(leaves.add(own), "two members at leaf " + own);
        }
        assertEquals(ms.length, first.path("members").size(), () -> "member count: " + first);
        return first;
    }
}
