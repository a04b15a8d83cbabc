package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;

/**
 * RFC 9420 §12.1:
 * <pre>
 * struct {
 *     ProposalType proposal_type;
 *     select (Proposal.proposal_type) {
 *         case add:                      Add;
 *         case update:                   Update;
 *         case remove:                   Remove;
 *         case psk:                      PreSharedKey;
 *         case reinit:                   ReInit;
 *         case external_init:            ExternalInit;
 *         case group_context_extensions: GroupContextExtensions;
 *     };
 * } Proposal;
 * </pre>
 * {@link #encode}/{@link #decode} handle the whole Proposal (type then body). Each variant also
 * offers {@code encodeBody}/{@code bodyBytes} and a static {@code decodeBody(TlsReader)} for its
 * bare body struct (Add, Update, ...). Unknown proposal types are rejected.
 */
public sealed interface Proposal extends TlsEncodable
        permits Add, Update, Remove, PreSharedKeyProposal, ReInit, ExternalInit, GroupContextExtensions {

    ProposalType type();

    /** Writes the body struct only, without the proposal_type field. */
    void encodeBody(TlsWriter w);

    @Override
    default void encode(TlsWriter w) {
        w.u16(type().code());
        encodeBody(w);
    }

    /** The encoding of the body struct only. */
    default byte[] bodyBytes() {
        TlsWriter w = new TlsWriter();
        encodeBody(w);
        return w.toByteArray();
    }

    static Proposal decode(TlsReader r) throws DecodeException {
        ProposalType type = ProposalType.fromCode(r.u16());
        return decodeBody(type, r);
    }

    /** Decodes the body of a proposal of the given type. */
    static Proposal decodeBody(ProposalType type, TlsReader r) throws DecodeException {
        return switch (type) {
            case ADD -> Add.decodeBody(r);
            case UPDATE -> Update.decodeBody(r);
            case REMOVE -> Remove.decodeBody(r);
            case PSK -> PreSharedKeyProposal.decodeBody(r);
            case REINIT -> ReInit.decodeBody(r);
            case EXTERNAL_INIT -> ExternalInit.decodeBody(r);
            case GROUP_CONTEXT_EXTENSIONS -> GroupContextExtensions.decodeBody(r);
        };
    }
}
