package dev.mlscustody.mls.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Strict reader for the TLS presentation language (RFC 9420 §2.1). Every malformation is a
 * {@link DecodeException}: truncated input, non-minimal or reserved varint headers, lengths past
 * the end of the input, trailing bytes (checked by {@link #finish()}). Nothing is allocated with
 * a size taken from the input before that size has been checked against the remaining bytes.
 */
public final class TlsReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    public TlsReader(byte[] input) {
        this(input, 0, input.length);
    }

    private TlsReader(byte[] input, int from, int to) {
        this.buf = input;
        this.pos = from;
        this.end = to;
    }

    /** Decodes exactly one value from {@code input}; trailing bytes are an error. */
    public static <T> T decodeAll(byte[] input, Decoder<T> decoder) throws DecodeException {
        if (input == null) {
            throw new DecodeException("input is null");
        }
        TlsReader r = new TlsReader(input);
        T value = decoder.decode(r);
        r.finish();
        return value;
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    private void need(int n, String what) throws DecodeException {
        if (n < 0 || end - pos < n) {
            throw new DecodeException("truncated input reading " + what + ": need " + n + " bytes, have " + (end - pos));
        }
    }

    public int u8() throws DecodeException {
        need(1, "uint8");
        return buf[pos++] & 0xff;
    }

    public int u16() throws DecodeException {
        need(2, "uint16");
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public long u32() throws DecodeException {
        need(4, "uint32");
        long v = ((long) (buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    /** A uint32 that must fit a non-negative Java int (leaf indices, generations). */
    public int u32AsInt(String what) throws DecodeException {
        long v = u32();
        if (v > Integer.MAX_VALUE) {
            throw new DecodeException(what + " out of range: " + v);
        }
        return (int) v;
    }

    public long u64() throws DecodeException {
        long hi = u32();
        long lo = u32();
        return (hi << 32) | lo;
    }

    /** A boolean octet: 0 or 1, anything else is an error. */
    public boolean bool() throws DecodeException {
        int v = u8();
        if (v > 1) {
            throw new DecodeException("invalid boolean octet " + v);
        }
        return v == 1;
    }

    public byte[] raw(int n) throws DecodeException {
        need(n, "fixed-size field");
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /**
     * The variable-length integer of RFC 9420 §2.1.2: the top two bits give the header length;
     * 0b11 is reserved; the value must be minimally encoded.
     */
    public int varint() throws DecodeException {
        need(1, "vector length");
        int first = buf[pos] & 0xff;
        int prefix = first >>> 6;
        switch (prefix) {
            case 0 -> {
                pos += 1;
                return first;
            }
            case 1 -> {
                need(2, "vector length");
                int v = ((first & 0x3f) << 8) | (buf[pos + 1] & 0xff);
                pos += 2;
                if (v < 0x40) {
                    throw new DecodeException("non-minimal vector length encoding");
                }
                return v;
            }
            case 2 -> {
                need(4, "vector length");
                int v = ((first & 0x3f) << 24) | ((buf[pos + 1] & 0xff) << 16)
                        | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
                pos += 4;
                if (v < 0x4000) {
                    throw new DecodeException("non-minimal vector length encoding");
                }
                return v;
            }
            default -> throw new DecodeException("invalid vector length prefix 0b11");
        }
    }

    /** {@code opaque data<V>}. */
    public byte[] opaque() throws DecodeException {
        int n = varint();
        need(n, "opaque vector");
        return raw(n);
    }

    /** A sub-reader over the next vector's body; this reader moves past it. */
    public TlsReader vectorBody() throws DecodeException {
        int n = varint();
        need(n, "vector body");
        TlsReader sub = new TlsReader(buf, pos, pos + n);
        pos += n;
        return sub;
    }

    /** A vector of structs; each element must consume exactly its bytes within the vector. */
    public <T> List<T> vector(Decoder<T> decoder) throws DecodeException {
        TlsReader body = vectorBody();
        List<T> out = new ArrayList<>();
        while (body.hasRemaining()) {
            out.add(decoder.decode(body));
        }
        return out;
    }

    /** {@code optional<T>} (RFC 9420 §2.1.3). */
    public <T> Optional<T> optional(Decoder<T> decoder) throws DecodeException {
        return bool() ? Optional.of(decoder.decode(this)) : Optional.empty();
    }

    /** Fails if any input is left: every MLS struct is decoded exactly. */
    public void finish() throws DecodeException {
        if (pos != end) {
            throw new DecodeException("trailing data: " + (end - pos) + " bytes");
        }
    }

    /** The bytes between {@code from} and the current position (for signed-content spans). */
    public byte[] slice(int from) {
        return Arrays.copyOfRange(buf, from, pos);
    }
}
