package dev.mlscustody.mls.codec;

/** Writes one value of type {@code T} to a {@link TlsWriter}. */
@FunctionalInterface
public interface Encoder<T> {
    void encode(TlsWriter writer, T value);
}
