package dev.mlscustody.mls.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9180 Appendix A, base mode: every section except export-only AEAD (the resource file holds
 * those sections verbatim). Covers the KEM/KDF/AEAD combinations of suites 1, 2, 3 and 5 plus
 * P-256 with HKDF-SHA512 and with ChaCha20-Poly1305. X448 and P-384 have no RFC 9180 vectors;
 * crypto-basics.json covers them.
 */
class HpkeVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    record Section(String title, Map<String, String> setup, List<Map<String, String>> encryptions,
                   List<Map<String, String>> exports) {
        byte[] bytes(String key) {
            String v = setup.get(key);
            assertNotNull(v, title + ": missing " + key);
            return HEX.parseHex(v);
        }

        @Override
        public String toString() {
            return title;
        }
    }

    private static final Pattern KEY_VALUE = Pattern.compile("^([a-zA-Z_ ]+):\\s*(.*)$");

    static List<Section> sections() throws IOException {
        List<Section> out = new ArrayList<>();
        try (var in = HpkeVectorsTest.class.getResourceAsStream("rfc9180-base-vectors.txt");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            Section cur = null;
            Map<String, String> target = null;
            String lastKey = null;
            int block = 0; // 0 setup, 1 encryptions, 2 exports
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("# ") || line.isBlank()) {
                    continue;
                }
                if (line.startsWith("## ")) {
                    cur = new Section(line.substring(3), new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
                    out.add(cur);
                    target = cur.setup();
                    block = 0;
                    continue;
                }
                if (line.startsWith("#### ")) {
                    block = line.contains("Encryptions") ? 1 : 2;
                    continue;
                }
                Matcher m = KEY_VALUE.matcher(line);
                if (m.matches()) {
                    lastKey = m.group(1);
                    if (block == 1 && lastKey.equals("sequence number")) {
                        target = new LinkedHashMap<>();
                        cur.encryptions().add(target);
                    } else if (block == 2 && lastKey.equals("exporter_context")) {
                        target = new LinkedHashMap<>();
                        cur.exports().add(target);
                    }
                    target.put(lastKey, m.group(2).trim());
                } else {
                    target.merge(lastKey, line.trim(), String::concat);
                }
            }
        }
        return out;
    }

    static Stream<Section> baseSections() throws IOException {
        List<Section> all = sections();
        assertEquals(6, all.size(), "six base-mode sections expected");
        return all.stream();
    }

    private static KemId kem(int id) {
        for (KemId k : KemId.values()) {
            if (k.codePoint() == id) {
                return k;
            }
        }
        throw new AssertionError("unknown kem " + id);
    }

    private static KdfId kdf(int id) {
        for (KdfId k : KdfId.values()) {
            if (k.codePoint() == id) {
                return k;
            }
        }
        throw new AssertionError("unknown kdf " + id);
    }

    private static AeadId aead(int id) {
        for (AeadId a : AeadId.values()) {
            if (a.codePoint() == id) {
                return a;
            }
        }
        throw new AssertionError("unknown aead " + id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("baseSections")
    void baseModeVectors(Section s) throws Exception {
        assertEquals("0", s.setup().get("mode"));
        Hpke hpke = Hpke.of(kem(Integer.parseInt(s.setup().get("kem_id"))),
                kdf(Integer.parseInt(s.setup().get("kdf_id"))), aead(Integer.parseInt(s.setup().get("aead_id"))));
        byte[] info = s.bytes("info");

        // DeriveKeyPair (§7.1.3) and DeserializePrivateKey (§7.1.2) agree with the vector's keys
        SoftwareHpkeKey derivedR = hpke.deriveKeyPair(s.bytes("ikmR"));
        assertArrayEquals(s.bytes("pkRm"), derivedR.publicKey(), "pkRm from ikmR");
        assertArrayEquals(s.bytes("pkEm"), hpke.deriveKeyPair(s.bytes("ikmE")).publicKey(), "pkEm from ikmE");
        SoftwareHpkeKey skR = SoftwareHpkeKey.fromPrivateKey(hpke.kem(), s.bytes("skRm"));
        assertArrayEquals(s.bytes("pkRm"), skR.publicKey(), "pkRm from skRm");

        Hpke.SenderSetup sender = hpke.setupBaseSDeterministic(s.bytes("pkRm"), info, s.bytes("ikmE"));
        assertArrayEquals(s.bytes("enc"), sender.enc(), "enc");

        // Seal every sequence number up to the largest listed one; compare the listed ones.
        Map<Long, Map<String, String>> bySeq = new LinkedHashMap<>();
        for (Map<String, String> e : s.encryptions()) {
            bySeq.put(Long.parseLong(e.get("sequence number")), e);
        }
        long maxSeq = bySeq.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        List<byte[][]> sent = new ArrayList<>();
        byte[] pt = HEX.parseHex(s.encryptions().get(0).get("pt"));
        for (long seq = 0; seq <= maxSeq; seq++) {
            Map<String, String> e = bySeq.get(seq);
            byte[] aad = e != null ? HEX.parseHex(e.get("aad")) : ("Count-" + seq).getBytes(StandardCharsets.US_ASCII);
            byte[] ct = sender.context().seal(aad, pt);
            if (e != null) {
                assertArrayEquals(HEX.parseHex(e.get("ct")), ct, "ct at sequence " + seq);
            }
            sent.add(new byte[][] {aad, e != null ? HEX.parseHex(e.get("ct")) : ct});
        }

        // The recipient, built from the vector's enc and skRm (decap via the handle's DH), opens them in order.
        Hpke.Context recipient = hpke.setupBaseR(s.bytes("enc"), skR, info);
        for (byte[][] aadAndCt : sent) {
            assertArrayEquals(pt, recipient.open(aadAndCt[0], aadAndCt[1]));
        }

        for (Map<String, String> x : s.exports()) {
            byte[] ctx = HEX.parseHex(x.get("exporter_context"));
            int len = Integer.parseInt(x.get("L"));
            byte[] expected = HEX.parseHex(x.get("exported_value"));
            assertArrayEquals(expected, sender.context().export(ctx, len), "sender export " + x.get("exporter_context"));
            assertArrayEquals(expected, recipient.export(ctx, len), "recipient export " + x.get("exporter_context"));
        }
    }
}
