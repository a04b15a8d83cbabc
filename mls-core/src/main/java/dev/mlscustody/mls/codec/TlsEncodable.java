package dev.mlscustody.mls.codec;

/** A wire struct that writes itself in the TLS presentation language (RFC 9420 §2.1). */
public interface TlsEncodable {
    void encode(TlsWriter writer);

    /** The complete encoding of this value. */
    default byte[] toBytes() {
        TlsWriter w = new TlsWriter();
        encode(w);
        return w.toByteArray();
    }
}
