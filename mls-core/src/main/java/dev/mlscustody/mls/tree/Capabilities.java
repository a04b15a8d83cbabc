package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.message.CredentialType;
import dev.mlscustody.mls.message.ExtensionType;
import java.util.List;

/**
 * RFC 9420 §7.2:
 * <pre>
 * struct {
 *     ProtocolVersion versions&lt;V&gt;;
 *     CipherSuite cipher_suites&lt;V&gt;;
 *     ExtensionType extensions&lt;V&gt;;
 *     ProposalType proposals&lt;V&gt;;
 *     CredentialType credentials&lt;V&gt;;
 * } Capabilities;
 * </pre>
 * Every list keeps unknown code points (GREASE values, §13.5, and types this implementation does
 * not know): versions, cipher suites and proposal types are kept as uint16 integers.
 */
public record Capabilities(
        List<Integer> versions,
        List<Integer> cipherSuites,
        List<ExtensionType> extensions,
        List<Integer> proposals,
        List<CredentialType> credentials) implements TlsEncodable {

    public Capabilities {
        versions = checkedU16List(versions, "versions");
        cipherSuites = checkedU16List(cipherSuites, "cipher_suites");
        extensions = List.copyOf(extensions);
        proposals = checkedU16List(proposals, "proposals");
        credentials = List.copyOf(credentials);
    }

    private static List<Integer> checkedU16List(List<Integer> values, String what) {
        for (Integer v : values) {
            if (v == null || v < 0 || v > 0xffff) {
                throw new IllegalArgumentException(what + ": not a uint16: " + v);
            }
        }
        return List.copyOf(values);
    }

    @Override
    public void encode(TlsWriter w) {
        w.vector(versions, TlsWriter::u16);
        w.vector(cipherSuites, TlsWriter::u16);
        w.vector(extensions, (ww, t) -> t.encode(ww));
        w.vector(proposals, TlsWriter::u16);
        w.vector(credentials, (ww, t) -> t.encode(ww));
    }

    public static Capabilities decode(TlsReader r) throws DecodeException {
        return new Capabilities(
                r.vector(TlsReader::u16),
                r.vector(TlsReader::u16),
                r.vector(ExtensionType::decode),
                r.vector(TlsReader::u16),
                r.vector(CredentialType::decode));
    }

    public boolean supportsVersion(int version) {
        return versions.contains(version);
    }

    public boolean supportsCipherSuite(int cipherSuite) {
        return cipherSuites.contains(cipherSuite);
    }

    public boolean supportsExtension(ExtensionType type) {
        return extensions.contains(type);
    }

    public boolean supportsProposal(int proposalType) {
        return proposals.contains(proposalType);
    }

    public boolean supportsCredential(CredentialType type) {
        return credentials.contains(type);
    }
}
