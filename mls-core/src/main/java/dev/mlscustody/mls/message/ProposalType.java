package dev.mlscustody.mls.message;

import dev.mlscustody.mls.codec.DecodeException;

/**
 * RFC 9420 §12.1 / §17.4: the proposal types of the "MLS Proposal Types" registry that a
 * {@link Proposal} can carry. {@code fromCode} rejects every other value (a proposal body of an
 * unknown type cannot be delimited). Capabilities keep proposal type codes as plain integers, so
 * unknown and GREASE values survive there.
 */
public enum ProposalType {
    ADD(1),
    UPDATE(2),
    REMOVE(3),
    PSK(4),
    REINIT(5),
    EXTERNAL_INIT(6),
    GROUP_CONTEXT_EXTENSIONS(7);

    private final int code;

    ProposalType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ProposalType fromCode(int code) throws DecodeException {
        for (ProposalType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new DecodeException("unknown proposal type " + code);
    }
}
