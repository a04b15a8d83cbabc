package dev.mlscustody.pkcs11;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed PKCS#11 URI (RFC 7512), e.g.
 * {@code pkcs11:token=mls;object=device-42;id=%01%02?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/run/pin}.
 *
 * <p>Path attributes (RFC 7512 §2.3) are separated by {@code ;}, query attributes by {@code &}; values
 * are percent-decoded (§2.3: {@code id} as raw bytes, everything else as UTF-8). An attribute may
 * appear at most once. {@code pin-value} is refused: the PIN must come from
 * {@code pin-source=file:...} or {@code pin-source=env:VAR}, so that it never sits in a
 * configuration string, a log line or a process list. Vendor attributes ({@code x-...}) are
 * accepted and kept; any other unknown attribute is an error.
 *
 * @param token      CKA token label ({@code token}), if present
 * @param object     object label ({@code object}), if present
 * @param id         object id ({@code id}) bytes, if present; treat as read-only
 * @param modulePath {@code module-path}, if present
 * @param moduleName {@code module-name}, if present
 * @param pinSource  {@code pin-source}, if present
 * @param other      the remaining recognised path/query attributes (e.g. {@code serial}, {@code slot-id}, {@code x-*})
 */
public record Pkcs11Uri(
        Optional<String> token,
        Optional<String> object,
        Optional<byte[]> id,
        Optional<String> modulePath,
        Optional<String> moduleName,
        Optional<PinSource> pinSource,
        Map<String, String> other) {

    private static final Set<String> PATH_ATTRS = Set.of(
            "token", "manufacturer", "serial", "model", "library-manufacturer", "library-description",
            "library-version", "object", "type", "id", "slot-description", "slot-manufacturer", "slot-id");
    private static final Set<String> QUERY_ATTRS = Set.of("pin-source", "pin-value", "module-name", "module-path");

    public Pkcs11Uri {
        other = Map.copyOf(other);
    }

    /** Parses a {@code pkcs11:} URI; throws {@link Pkcs11UriException} if it is malformed. */
    public static Pkcs11Uri parse(String uri) {
        if (uri == null) {
            throw new Pkcs11UriException("PKCS#11 URI is null");
        }
        if (uri.length() < 7 || !uri.regionMatches(true, 0, "pkcs11:", 0, 7)) {
            throw new Pkcs11UriException("not a PKCS#11 URI: the scheme must be pkcs11:");
        }
        String rest = uri.substring(7);
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q + 1);
        if (rest.indexOf('#') >= 0) {
            throw new Pkcs11UriException("PKCS#11 URI must not have a fragment");
        }

        Map<String, String> rawPath = split(path, ';', PATH_ATTRS, "path");
        Map<String, String> rawQuery = split(query, '&', QUERY_ATTRS, "query");
        if (rawQuery.containsKey("pin-value")) {
            throw new Pkcs11UriException("pin-value is not accepted: use pin-source=file:<path> or pin-source=env:<VAR>");
        }

        Map<String, String> other = new LinkedHashMap<>();
        String token = null;
        String object = null;
        byte[] id = null;
        for (Map.Entry<String, String> e : rawPath.entrySet()) {
            switch (e.getKey()) {
                case "token" -> token = decodeString(e.getValue(), "token");
                case "object" -> object = decodeString(e.getValue(), "object");
                case "id" -> id = decodeBytes(e.getValue(), "id");
                default -> other.put(e.getKey(), decodeString(e.getValue(), e.getKey()));
            }
        }
        String modulePath = null;
        String moduleName = null;
        PinSource pinSource = null;
        for (Map.Entry<String, String> e : rawQuery.entrySet()) {
            switch (e.getKey()) {
                case "module-path" -> modulePath = decodeString(e.getValue(), "module-path");
                case "module-name" -> moduleName = decodeString(e.getValue(), "module-name");
                case "pin-source" -> pinSource = PinSource.parse(decodeString(e.getValue(), "pin-source"));
                default -> other.put(e.getKey(), decodeString(e.getValue(), e.getKey()));
            }
        }
        return new Pkcs11Uri(Optional.ofNullable(token), Optional.ofNullable(object), Optional.ofNullable(id),
                Optional.ofNullable(modulePath), Optional.ofNullable(moduleName), Optional.ofNullable(pinSource), other);
    }

    private static Map<String, String> split(String part, char sep, Set<String> known, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (part.isEmpty()) {
            return out;
        }
        int start = 0;
        while (start <= part.length()) {
            int end = part.indexOf(sep, start);
            if (end < 0) {
                end = part.length();
            }
            String attr = part.substring(start, end);
            if (attr.isEmpty()) {
                throw new Pkcs11UriException("empty attribute in the " + where + " component");
            }
            int eq = attr.indexOf('=');
            if (eq <= 0) {
                throw new Pkcs11UriException("attribute without name=value in the " + where + " component");
            }
            String name = attr.substring(0, eq).toLowerCase(java.util.Locale.ROOT);
            if (!name.matches("[a-z0-9-]+")) {
                throw new Pkcs11UriException("invalid attribute name in the " + where + " component");
            }
            if (!known.contains(name) && !name.startsWith("x-")) {
                throw new Pkcs11UriException("unknown " + where + " attribute '" + name + "'");
            }
            if (out.putIfAbsent(name, attr.substring(eq + 1)) != null) {
                throw new Pkcs11UriException("attribute '" + name + "' appears more than once");
            }
            start = end + 1;
        }
        return out;
    }

    /** RFC 3986 percent-decoding into raw bytes. */
    static byte[] decodeBytes(String value, String attr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    throw new Pkcs11UriException("truncated percent-escape in '" + attr + "'");
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new Pkcs11UriException("invalid percent-escape in '" + attr + "'");
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c > 0x7e || c < 0x21) {
                throw new Pkcs11UriException("character not allowed in '" + attr + "' (percent-encode it)");
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    static String decodeString(String value, String attr) {
        byte[] b = decodeBytes(value, attr);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new Pkcs11UriException("'" + attr + "' is not valid UTF-8 after percent-decoding");
        }
    }

    /** The {@code id} as lowercase hex, if present. */
    public Optional<String> idHex() {
        return id.map(b -> HexFormat.of().formatHex(b));
    }

    @Override
    public Optional<byte[]> id() {
        return id.map(byte[]::clone);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("pkcs11:");
        token.ifPresent(t -> sb.append("token=").append(t).append(';'));
        object.ifPresent(o -> sb.append("object=").append(o).append(';'));
        idHex().ifPresent(h -> sb.append("id=").append(h).append(';'));
        if (sb.charAt(sb.length() - 1) == ';') {
            sb.setLength(sb.length() - 1);
        }
        StringBuilder qs = new StringBuilder();
        modulePath.ifPresent(m -> qs.append("module-path=").append(m).append('&'));
        moduleName.ifPresent(m -> qs.append("module-name=").append(m).append('&'));
        pinSource.ifPresent(p -> qs.append("pin-source=").append(p).append('&'));
        if (qs.length() > 0) {
            qs.setLength(qs.length() - 1);
            sb.append('?').append(qs);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pkcs11Uri u && toString().equals(u.toString()) && other.equals(u.other);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
