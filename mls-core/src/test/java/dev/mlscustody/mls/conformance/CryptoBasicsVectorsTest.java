package dev.mlscustody.mls.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** All cases of the official crypto-basics.json through the registered {@link CryptoBasicsCheck}. */
class CryptoBasicsVectorsTest {
    @Test
    void allCryptoBasicsCasesPass() throws Exception {
        Path file = JsonVectorCase.vectorDirectory().resolve("crypto-basics.json");
        assumeTrue(Files.isRegularFile(file),
                "crypto-basics.json not found at " + file + " (set MLS_TEST_VECTORS to the official vector directory)");
        VectorCheck check = VectorChecks.forType("crypto-basics").orElseThrow();
        List<VectorCase> cases = JsonVectorCase.load(file);
        assertEquals(7, cases.size(), "crypto-basics.json has one case per suite 1..7");
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Optional<String> result = check.check(cases.get(i));
            int index = i;
            result.ifPresent(f -> failures.add("case " + index + " (suite " + suiteOf(cases.get(index)) + "): " + f));
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** The check must be able to fail: a corrupted expected value is reported with its field name. */
    @Test
    void corruptedCaseIsReported() throws Exception {
        Path file = JsonVectorCase.vectorDirectory().resolve("crypto-basics.json");
        assumeTrue(Files.isRegularFile(file), "crypto-basics.json not found at " + file);
        JsonVectorCase original = (JsonVectorCase) JsonVectorCase.load(file).get(0);
        var json = original.json().deepCopy();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.get("derive_secret");
        String out = node.get("out").textValue();
        node.put("out", (out.charAt(0) == '0' ? "1" : "0") + out.substring(1));
        Optional<String> result = new CryptoBasicsCheck().check(new JsonVectorCase(json, "[0]"));
        assertTrue(result.isPresent() && result.get().startsWith("derive_secret.out"), String.valueOf(result));

        json = original.json().deepCopy();
        var sig = (com.fasterxml.jackson.databind.node.ObjectNode) json.get("sign_with_label");
        String s = sig.get("signature").textValue();
        sig.put("signature", s.substring(0, s.length() - 1) + (s.endsWith("0") ? "1" : "0"));
        result = new CryptoBasicsCheck().check(new JsonVectorCase(json, "[0]"));
        assertTrue(result.isPresent() && result.get().startsWith("sign_with_label.signature"), String.valueOf(result));

        json = original.json().deepCopy();
        var enc = (com.fasterxml.jackson.databind.node.ObjectNode) json.get("encrypt_with_label");
        String ct = enc.get("ciphertext").textValue();
        enc.put("ciphertext", (ct.charAt(0) == '0' ? "1" : "0") + ct.substring(1));
        result = new CryptoBasicsCheck().check(new JsonVectorCase(json, "[0]"));
        assertTrue(result.isPresent() && result.get().startsWith("encrypt_with_label.ciphertext"), String.valueOf(result));
    }

    private static String suiteOf(VectorCase c) {
        try {
            return Long.toString(c.number("cipher_suite"));
        } catch (VectorFormatException e) {
            return "?";
        }
    }
}
