package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.codec.UintRange;

/**
 * RFC 9420 §6:
 * <pre>
 * enum { reserved(0), member(1), external(2), new_member_proposal(3), new_member_commit(4), (255) } SenderType;
 *
 * struct {
 *     SenderType sender_type;
 *     select (Sender.sender_type) {
 *         case member:              uint32 leaf_index;
 *         case external:            uint32 sender_index;
 *         case new_member_commit:
 *         case new_member_proposal: struct{};
 *     };
 * } Sender;
 * </pre>
 * Reserved and unknown sender types are rejected. uint32 indices are held in {@code long}s.
 */
public sealed interface Sender extends TlsEncodable
        permits Sender.Member, Sender.External, Sender.NewMemberProposal, Sender.NewMemberCommit {

    int MEMBER = 1;
    int EXTERNAL = 2;
    int NEW_MEMBER_PROPOSAL = 3;
    int NEW_MEMBER_COMMIT = 4;

    /** The sender_type code point. */
    int senderType();

    /** A member of the group, by leaf index. */
    record Member(long leafIndex) implements Sender {
        public Member {
            UintRange.u32(leafIndex, "leaf_index");
        }

        @Override
        public int senderType() {
            return MEMBER;
        }

        @Override
        public void encode(TlsWriter w) {
            w.u8(MEMBER).u32(leafIndex);
        }
    }

    /** An external sender, by index into the external_senders group context extension. */
    record External(long senderIndex) implements Sender {
        public External {
            UintRange.u32(senderIndex, "sender_index");
        }

        @Override
        public int senderType() {
            return EXTERNAL;
        }

        @Override
        public void encode(TlsWriter w) {
            w.u8(EXTERNAL).u32(senderIndex);
        }
    }

    /** A new member proposing its own Add. */
    record NewMemberProposal() implements Sender {
        @Override
        public int senderType() {
            return NEW_MEMBER_PROPOSAL;
        }

        @Override
        public void encode(TlsWriter w) {
            w.u8(NEW_MEMBER_PROPOSAL);
        }
    }

    /** A new member joining by external commit. */
    record NewMemberCommit() implements Sender {
        @Override
        public int senderType() {
            return NEW_MEMBER_COMMIT;
        }

        @Override
        public void encode(TlsWriter w) {
            w.u8(NEW_MEMBER_COMMIT);
        }
    }

    static Sender decode(TlsReader r) throws DecodeException {
        int type = r.u8();
        return switch (type) {
            case MEMBER -> new Member(r.u32());
            case EXTERNAL -> new External(r.u32());
            case NEW_MEMBER_PROPOSAL -> new NewMemberProposal();
            case NEW_MEMBER_COMMIT -> new NewMemberCommit();
            default -> throw new DecodeException("unknown sender type " + type);
        };
    }
}
