package dev.mlscustody.mls.codec;

/** Reads one value of type {@code T} from a {@link TlsReader}. */
@FunctionalInterface
public interface Decoder<T> {
    T decode(TlsReader reader) throws DecodeException;
}
