package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 9420 §7.2:
 * <pre>
 * struct {
 *     ExtensionType extension_type;
 *     opaque extension_data&lt;V&gt;;
 * } Extension;
 * </pre>
 * The data is kept opaque; typed views live in {@link RequiredCapabilities}, {@link ExternalPub},
 * {@link ExternalSender} and {@code tree.RatchetTreeCodec}.
 */
public record Extension(ExtensionType type, byte[] data) implements TlsEncodable {
    public Extension {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public void encode(TlsWriter w) {
        type.encode(w);
        w.opaque(data);
    }

    public static Extension decode(TlsReader r) throws DecodeException {
        return new Extension(ExtensionType.decode(r), r.opaque());
    }

    /**
     * {@code Extension extensions<V>}: decoded as an unmodifiable list. RFC 9420 §13: "Any field
     * containing a list of extensions MUST NOT have more than one extension of any given type": such a
     * list is malformed (KeyPackage, LeafNode, GroupContext, GroupInfo, GroupContextExtensions, ReInit).
     */
    public static List<Extension> decodeList(TlsReader r) throws DecodeException {
        List<Extension> list = List.copyOf(r.vector(Extension::decode));
        if (list.size() < 2) {
            return list; // the common case (every leaf of a tree): nothing to compare
        }
        Set<ExtensionType> seen = new HashSet<>();
        for (Extension e : list) {
            if (!seen.add(e.type())) {
                throw new DecodeException("extension type " + e.type() + " appears twice in one list (RFC 9420 §13)");
            }
        }
        return list;
    }

    public static void encodeList(TlsWriter w, List<Extension> extensions) {
        w.vector(extensions);
    }

    /** The first extension of the given type in {@code extensions}, if any. */
    public static Optional<Extension> find(List<Extension> extensions, ExtensionType type) {
        return extensions.stream().filter(e -> e.type.equals(type)).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Extension e && type.equals(e.type) && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Extension[" + type + ", " + data.length + " bytes]";
    }
}
