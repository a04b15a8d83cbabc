package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Optional;

/**
 * deserialization.json: each {@code vlbytes_header} decodes (strictly, as a whole input) to
 * {@code length}, and {@code length} encodes back to the same minimal header (RFC 9420 §2.1.2).
 */
public final class DeserializationCheck implements VectorCheck {
    @Override
    public Optional<String> check(VectorCase c) throws VectorFormatException {
        byte[] header = c.bytes("vlbytes_header");
        long expected = c.number("length");
        long decoded;
        try {
            decoded = TlsReader.decodeAll(header, TlsReader::varint);
        } catch (DecodeException e) {
            return Optional.of("vlbytes_header: decode failed: " + e.getMessage());
        }
        if (decoded != expected) {
            return Optional.of("length: expected " + expected + " got " + decoded);
        }
        if (expected < 0 || expected > TlsWriter.MAX_VECTOR_LENGTH) {
            return Optional.of("length: out of range " + expected);
        }
        return VectorCheck.compare("vlbytes_header", header, new TlsWriter().varint((int) expected).toByteArray());
    }
}
