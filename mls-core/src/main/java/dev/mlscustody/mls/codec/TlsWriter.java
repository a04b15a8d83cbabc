package dev.mlscustody.mls.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Growable output buffer for the TLS presentation language (RFC 9420 §2.1). Vectors carry the
 * variable-length integer header of §2.1.2 in its minimal encoding.
 */
public final class TlsWriter {
    /** RFC 9420 §2.1.2: vector lengths are at most 2^30 - 1. */
    public static final int MAX_VECTOR_LENGTH = (1 << 30) - 1;

    private byte[] buf;
    private int len;

    public TlsWriter() {
        this(128);
    }

    public TlsWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        int need = len + extra;
        if (need < 0) {
            throw new IllegalStateException("encoding too large");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public TlsWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u32(long v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public TlsWriter u64(long v) {
        u32(v >>> 32);
        return u32(v & 0xffffffffL);
    }

    public TlsWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    /** Raw bytes with no length header (fixed-size fields). */
    public TlsWriter raw(byte[] bytes) {
        return raw(bytes, 0, bytes.length);
    }

    public TlsWriter raw(byte[] bytes, int off, int n) {
        ensure(n);
        System.arraycopy(bytes, off, buf, len, n);
        len += n;
        return this;
    }

    /** The variable-length integer of RFC 9420 §2.1.2, minimally encoded. */
    public TlsWriter varint(int n) {
        if (n < 0 || n > MAX_VECTOR_LENGTH) {
            throw new IllegalArgumentException("vector length out of range: " + n);
        }
        if (n < 0x40) {
            return u8(n);
        }
        if (n < 0x4000) {
            return u16(0x4000 | n);
        }
        return u32(0x80000000L | n);
    }

    /** {@code opaque data<V>}: a varint length followed by the bytes. */
    public TlsWriter opaque(byte[] bytes) {
        varint(bytes.length);
        return raw(bytes);
    }

    /** A vector of structs: a varint byte length followed by the encoded elements. */
    public <T> TlsWriter vector(List<? extends T> items, Encoder<T> encoder) {
        int start = reserveVectorHeader();
        for (T item : items) {
            encoder.encode(this, item);
        }
        return closeVector(start);
    }

    public TlsWriter vector(List<? extends TlsEncodable> items) {
        int start = reserveVectorHeader();
        for (TlsEncodable item : items) {
            item.encode(this);
        }
        return closeVector(start);
    }

    /** {@code optional<T>} (RFC 9420 §2.1.3): a presence octet then the value. */
    public <T> TlsWriter optional(Optional<? extends T> value, Encoder<T> encoder) {
        if (value.isPresent()) {
            u8(1);
            encoder.encode(this, value.get());
        } else {
            u8(0);
        }
        return this;
    }

    public TlsWriter struct(TlsEncodable value) {
        value.encode(this);
        return this;
    }

    /**
     * Writes a vector whose body is produced by {@code body}; the header is sized once the
     * body length is known (4-byte slot, then compacted to the minimal header).
     */
    public TlsWriter vectorOf(Runnable body) {
        int start = reserveVectorHeader();
        body.run();
        return closeVector(start);
    }

    private int reserveVectorHeader() {
        ensure(4);
        int start = len;
        len += 4;
        return start;
    }

    private TlsWriter closeVector(int start) {
        int bodyStart = start + 4;
        int bodyLen = len - bodyStart;
        if (bodyLen > MAX_VECTOR_LENGTH) {
            throw new IllegalArgumentException("vector too long: " + bodyLen);
        }
        int headerLen = bodyLen < 0x40 ? 1 : bodyLen < 0x4000 ? 2 : 4;
        if (headerLen != 4) {
            System.arraycopy(buf, bodyStart, buf, start + headerLen, bodyLen);
        }
        switch (headerLen) {
            case 1 -> buf[start] = (byte) bodyLen;
            case 2 -> {
                buf[start] = (byte) (0x40 | (bodyLen >>> 8));
                buf[start + 1] = (byte) bodyLen;
            }
            default -> {
                buf[start] = (byte) (0x80 | (bodyLen >>> 24));
                buf[start + 1] = (byte) (bodyLen >>> 16);
                buf[start + 2] = (byte) (bodyLen >>> 8);
                buf[start + 3] = (byte) bodyLen;
            }
        }
        len = start + headerLen + bodyLen;
        return this;
    }

    public int size() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Convenience: the encoding of a single value. */
    public static byte[] encode(TlsEncodable value) {
        return value.toBytes();
    }
}
