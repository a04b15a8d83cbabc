package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.List;

/**
 * RFC 9420 §11.1, the data of a {@code required_capabilities} extension:
 * <pre>
 * struct {
 *     ExtensionType extension_types&lt;V&gt;;
 *     ProposalType proposal_types&lt;V&gt;;
 *     CredentialType credential_types&lt;V&gt;;
 * } RequiredCapabilities;
 * </pre>
 * Proposal types are kept as uint16 integers (unknown values survive).
 */
public record RequiredCapabilities(
        List<ExtensionType> extensionTypes,
        List<Integer> proposalTypes,
        List<CredentialType> credentialTypes) implements TlsEncodable {

    public RequiredCapabilities {
        extensionTypes = List.copyOf(extensionTypes);
        proposalTypes = List.copyOf(proposalTypes);
        for (int p : proposalTypes) {
            if (p < 0 || p > 0xffff) {
                throw new IllegalArgumentException("proposal type is not a uint16: " + p);
            }
        }
        credentialTypes = List.copyOf(credentialTypes);
    }

    @Override
    public void encode(TlsWriter w) {
        w.vector(extensionTypes, (ww, t) -> t.encode(ww));
        w.vector(proposalTypes, TlsWriter::u16);
        w.vector(credentialTypes, (ww, t) -> t.encode(ww));
    }

    public static RequiredCapabilities decode(TlsReader r) throws DecodeException {
        return new RequiredCapabilities(r.vector(ExtensionType::decode), r.vector(TlsReader::u16),
                r.vector(CredentialType::decode));
    }

    /** Decodes the data of a required_capabilities extension (whole input, no trailing bytes). */
    public static RequiredCapabilities fromExtension(Extension extension) throws DecodeException {
        requireType(extension, ExtensionType.REQUIRED_CAPABILITIES);
        return TlsReader.decodeAll(extension.data(), RequiredCapabilities::decode);
    }

    public Extension toExtension() {
        return new Extension(ExtensionType.REQUIRED_CAPABILITIES, toBytes());
    }

    static void requireType(Extension extension, ExtensionType type) {
        if (!extension.type().equals(type)) {
            throw new IllegalArgumentException("expected a " + type + " extension, got " + extension.type());
        }
    }
}
