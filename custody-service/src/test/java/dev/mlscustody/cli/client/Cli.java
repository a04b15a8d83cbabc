package dev.mlscustody.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlscustody.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code mls-custody client ...} in this JVM through picocli, capturing what it prints. Every
 * printed text is kept so that tests can check afterwards that no secret ever appeared.
 */
final class Cli {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Everything any call printed (stdout and stderr), for secret scans. */
    static final List<String> PRINTED = new ArrayList<>();

    private Cli() {
    }

    /** One call's outcome. {@code json} is the single JSON line, or null when the call printed none. */
    record Result(List<String> args, int exit, String out, String err, JsonNode json) {
        boolean ok() {
            return exit == 0 && json != null && json.path("ok").asBoolean(false);
        }

        @Override
        public String toString() {
            return "client " + String.join(" ", args) + " -> exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    static synchronized Result run(List<String> args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            List<String> full = new ArrayList<>();
            full.add("client");
            full.addAll(args);
            exit = new CommandLine(new Main()).execute(full.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String so = out.toString(StandardCharsets.UTF_8);
        String se = err.toString(StandardCharsets.UTF_8);
        PRINTED.add(so);
        PRINTED.add(se);
        JsonNode json = null;
        String line = exit == 0 ? so : se;
        String trimmed = line.strip();
        if (trimmed.startsWith("{")) {
            try {
                json = JSON.readTree(trimmed);
            } catch (IOException ex) {
                json = null;
            }
        }
        return new Result(List.copyOf(args), exit, so, se, json);
    }

    /** Runs and asserts success: exit 0, exactly one JSON line {"ok":true,...} on stdout, nothing on stderr. */
    static JsonNode ok(List<String> args) {
        Result r = run(args);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err(), r::toString);
        assertEquals(1, r.out().lines().count(), () -> "exactly one line expected: " + r);
        assertTrue(r.ok(), r::toString);
        return r.json();
    }

    /** Runs and asserts failure: exit 1, exactly one JSON line {"ok":false,"error":...} on stderr, nothing on stdout. */
    static Result fails(List<String> args) {
        Result r = run(args);
        assertEquals(1, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertEquals(1, r.err().lines().count(), () -> "exactly one line expected: " + r);
        assertTrue(r.json() != null, r::toString);
        assertFalse(r.json().path("ok").asBoolean(true), r::toString);
        assertTrue(r.json().path("error").isTextual() && !r.json().path("error").asText().isBlank(), r::toString);
        return r;
    }

    /** Runs and asserts a picocli usage error: non-zero exit, not 0, nothing on stdout. */
    static Result usageError(List<String> args) {
        Result r = run(args);
        assertNotEquals(0, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertFalse(r.err().isBlank(), r::toString);
        return r;
    }
}
