package dev.mlscustody.mls.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@link VectorCase} method of the Jackson adapter, on a small file written here. */
class JsonVectorCaseTest {
    private static final String JSON = """
            [ { "cipher_suite": 3, "secret": "00ff10", "label": "abcd", "absent": null,
                "inner": { "out": "", "generation": 4294967295 },
                "epochs": [ { "commit": "0a" }, { "commit": "0b" } ],
                "path_secrets": [ "01", null ],
                "parent": [ 3, null, 5 ],
                "resolutions": [ [1, 2], [], [7] ],
                "bad_hex": "0g", "odd_hex": "abc", "float": 1.5 },
              { "cipher_suite": 4 } ]
            """;

    private static List<VectorCase> load(Path dir) throws Exception {
        Path f = dir.resolve("v.json");
        Files.writeString(f, JSON);
        return JsonVectorCase.load(f);
    }

    @Test
    void readsEveryKindOfField(@TempDir Path dir) throws Exception {
        List<VectorCase> cases = load(dir);
        assertEquals(2, cases.size());
        VectorCase c = cases.get(0);
        assertEquals(3, c.number("cipher_suite"));
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, c.bytes("secret"));
        assertEquals("abcd", c.text("label"));
        assertArrayEquals(new byte[] {(byte) 0xab, (byte) 0xcd}, c.bytes("label"));
        assertTrue(c.has("secret"));
        assertFalse(c.has("absent"));
        assertFalse(c.has("nowhere"));
        VectorCase inner = c.object("inner");
        assertArrayEquals(new byte[0], inner.bytes("out"));
        assertEquals(4294967295L, inner.number("generation"));
        List<VectorCase> epochs = c.objects("epochs");
        assertArrayEquals(new byte[] {0x0b}, epochs.get(1).bytes("commit"));
        List<byte[]> ps = c.bytesList("path_secrets");
        assertArrayEquals(new byte[] {1}, ps.get(0));
        assertNull(ps.get(1));
        assertEquals(Arrays.asList(3L, null, 5L), c.numbers("parent"));
        assertEquals(List.of(List.of(1L, 2L), List.of(), List.of(7L)), c.numberLists("resolutions"));
        assertEquals(4, cases.get(1).number("cipher_suite"));
    }

    @Test
    void wrongOrMissingFieldsAreFormatErrorsNamingThePath(@TempDir Path dir) throws Exception {
        VectorCase c = load(dir).get(0);
        VectorFormatException e = assertThrows(VectorFormatException.class, () -> c.bytes("nowhere"));
        assertTrue(e.getMessage().contains("[0].nowhere"), e.getMessage());
        assertThrows(VectorFormatException.class, () -> c.bytes("absent"));
        assertThrows(VectorFormatException.class, () -> c.bytes("bad_hex"));
        assertThrows(VectorFormatException.class, () -> c.bytes("odd_hex"));
        assertThrows(VectorFormatException.class, () -> c.bytes("cipher_suite"));
        assertThrows(VectorFormatException.class, () -> c.number("label"));
        assertThrows(VectorFormatException.class, () -> c.number("float"));
        assertThrows(VectorFormatException.class, () -> c.text("cipher_suite"));
        assertThrows(VectorFormatException.class, () -> c.object("epochs"));
        assertThrows(VectorFormatException.class, () -> c.objects("inner"));
        assertThrows(VectorFormatException.class, () -> c.objects("parent"));
        assertThrows(VectorFormatException.class, () -> c.numbers("path_secrets"));
        assertThrows(VectorFormatException.class, () -> c.numberLists("parent"));
        VectorFormatException nested = assertThrows(VectorFormatException.class, () -> c.objects("epochs").get(0).bytes("x"));
        assertTrue(nested.getMessage().contains("[0].epochs[0].x"), nested.getMessage());
    }

    @Test
    void topLevelMustBeAnArrayOfObjects(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"a\": 1}");
        assertThrows(VectorFormatException.class, () -> JsonVectorCase.load(f));
        Files.writeString(f, "[1]");
        assertThrows(VectorFormatException.class, () -> JsonVectorCase.load(f));
    }
}
