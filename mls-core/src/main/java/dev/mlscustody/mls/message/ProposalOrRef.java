package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 9420 §12.4:
 * <pre>
 * enum { reserved(0), proposal(1), reference(2), (255) } ProposalOrRefType;
 *
 * struct {
 *   ProposalOrRefType type;
 *   select (ProposalOrRef.type) {
 *     case proposal:  Proposal proposal;
 *     case reference: ProposalRef reference;
 *   };
 * } ProposalOrRef;
 * </pre>
 * {@code ProposalRef} is {@code opaque HashReference<V>} (§5.2). Unknown types are rejected.
 */
public sealed interface ProposalOrRef extends TlsEncodable permits ProposalOrRef.ByValue, ProposalOrRef.ByReference {
    int PROPOSAL = 1;
    int REFERENCE = 2;

    /** A proposal carried inline in the Commit. */
    record ByValue(Proposal proposal) implements ProposalOrRef {
        public ByValue {
            Objects.requireNonNull(proposal, "proposal");
        }

        @Override
        public void encode(TlsWriter w) {
            w.u8(PROPOSAL);
            proposal.encode(w);
        }
    }

    /** A proposal sent earlier, named by its ProposalRef. */
    record ByReference(byte[] reference) implements ProposalOrRef {
        public ByReference {
            Objects.requireNonNull(reference, "reference");
        }

        @Override
        public void encode(TlsWriter w) {
            w.u8(REFERENCE).opaque(reference);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByReference b && Arrays.equals(reference, b.reference);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(reference);
        }

        @Override
        public String toString() {
            return "ProposalOrRef.ByReference[" + java.util.HexFormat.of().formatHex(reference) + "]";
        }
    }

    static ProposalOrRef decode(TlsReader r) throws DecodeException {
        int type = r.u8();
        return switch (type) {
            case PROPOSAL -> new ByValue(Proposal.decode(r));
            case REFERENCE -> new ByReference(r.opaque());
            default -> throw new DecodeException("unknown ProposalOrRef type " + type);
        };
    }
}
