package dev.mlscustody.pkcs11;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where the user PIN comes from (RFC 7512 §2.3 {@code pin-source}; {@code env:} is this adapter's
 * extension). The PIN itself is read only when the adapter logs in, returned as a {@code char[]}
 * the caller wipes, and never appears in {@code toString()}, logs or exception messages.
 */
public sealed interface PinSource {

    /** Reads the PIN; the caller must wipe the returned array. */
    char[] readPin() throws IOException;

    /** {@code file:/path}: the first line of the file (trailing CR/LF removed). */
    record FilePin(Path path) implements PinSource {
        public FilePin {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public char[] readPin() throws IOException {
            byte[] bytes = Files.readAllBytes(path);
            try {
                int end = 0;
                while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                    end++;
                }
                return decode(bytes, end);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }

        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    /** {@code env:VAR}: the value of an environment variable of this process. */
    record EnvPin(String variable) implements PinSource {
        public EnvPin {
            Objects.requireNonNull(variable, "variable");
            if (variable.isEmpty()) {
                throw new IllegalArgumentException("empty environment variable name");
            }
        }

        @Override
        public char[] readPin() throws IOException {
            String v = System.getenv(variable);
            if (v == null) {
                throw new IOException("environment variable " + variable + " is not set");
            }
            return v.toCharArray();
        }

        @Override
        public String toString() {
            return "env:" + variable;
        }
    }

    /**
     * Parses a {@code pin-source} value: {@code file:/abs/path}, {@code file:///abs/path},
     * {@code file:relative} or {@code env:VAR}.
     */
    static PinSource parse(String value) {
        Objects.requireNonNull(value, "value");
        if (value.startsWith("file:")) {
            String p = value.substring("file:".length());
            if (p.startsWith("//")) {
                p = p.substring(2); // file://host/path: only the empty host is supported
                if (!p.startsWith("/")) {
                    throw new Pkcs11UriException("pin-source: file URIs with a host are not supported");
                }
            }
            if (p.isEmpty()) {
                throw new Pkcs11UriException("pin-source: empty file path");
            }
            return new FilePin(Path.of(p));
        }
        if (value.startsWith("env:")) {
            String v = value.substring("env:".length());
            if (v.isEmpty() || !v.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new Pkcs11UriException("pin-source: invalid environment variable name");
            }
            return new EnvPin(v);
        }
        throw new Pkcs11UriException("pin-source must be file:<path> or env:<VAR>");
    }

    private static char[] decode(byte[] bytes, int length) throws IOException {
        CharBuffer cb;
        try {
            cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
        } catch (CharacterCodingException e) {
            throw new IOException("PIN file is not valid UTF-8");
        }
        char[] out = new char[cb.remaining()];
        cb.get(out);
        Arrays.fill(cb.array(), '\0');
        return out;
    }
}
