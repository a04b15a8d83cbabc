package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.Decoder;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.WireFormat;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.Commit;
import dev.mlscustody.mls.message.ExternalInit;
import dev.mlscustody.mls.message.GroupContextExtensions;
import dev.mlscustody.mls.message.GroupSecrets;
import dev.mlscustody.mls.message.PreSharedKeyProposal;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.ReInit;
import dev.mlscustody.mls.message.Remove;
import dev.mlscustody.mls.message.Update;
import dev.mlscustody.mls.tree.RatchetTreeCodec;
import java.util.List;
import java.util.Optional;

/**
 * messages.json: every field decodes with its struct type and re-encodes to the identical bytes.
 * The {@code mls_*} and {@code public_message_*}/{@code private_message} fields are MLSMessages
 * (their wire format is checked too); {@code ratchet_tree} is {@code optional<Node> ratchet_tree<V>};
 * the {@code *_proposal} fields are bare proposal bodies (Add, Update, ...) without proposal_type.
 */
public final class MessagesCheck implements VectorCheck {

    /** One field of a messages.json case and how to round-trip it. */
    private record Field(String name, RoundTrip roundTrip) {
    }

    @FunctionalInterface
    private interface RoundTrip {
        byte[] apply(byte[] input) throws DecodeException;
    }

    private static final List<Field> FIELDS = List.of(
            new Field("mls_welcome", mlsMessage(WireFormat.WELCOME)),
            new Field("mls_group_info", mlsMessage(WireFormat.GROUP_INFO)),
            new Field("mls_key_package", mlsMessage(WireFormat.KEY_PACKAGE)),
            new Field("ratchet_tree", in -> RatchetTreeCodec.encode(RatchetTreeCodec.decode(in))),
            new Field("group_secrets", struct(GroupSecrets::decode)),
            new Field("add_proposal", proposalBody(Add::decodeBody)),
            new Field("update_proposal", proposalBody(Update::decodeBody)),
            new Field("remove_proposal", proposalBody(Remove::decodeBody)),
            new Field("pre_shared_key_proposal", proposalBody(PreSharedKeyProposal::decodeBody)),
            new Field("re_init_proposal", proposalBody(ReInit::decodeBody)),
            new Field("external_init_proposal", proposalBody(ExternalInit::decodeBody)),
            new Field("group_context_extensions_proposal", proposalBody(GroupContextExtensions::decodeBody)),
            new Field("commit", struct(Commit::decode)),
            new Field("public_message_application", mlsMessage(WireFormat.PUBLIC_MESSAGE)),
            new Field("public_message_proposal", mlsMessage(WireFormat.PUBLIC_MESSAGE)),
            new Field("public_message_commit", mlsMessage(WireFormat.PUBLIC_MESSAGE)),
            new Field("private_message", mlsMessage(WireFormat.PRIVATE_MESSAGE)));

    /** The names of the fields that every messages.json case carries. */
    public static List<String> fieldNames() {
        return FIELDS.stream().map(Field::name).toList();
    }

    /** Decodes {@code input} as the struct behind messages.json field {@code field} and re-encodes it. */
    public static byte[] roundTrip(String field, byte[] input) throws DecodeException {
        for (Field f : FIELDS) {
            if (f.name.equals(field)) {
                return f.roundTrip.apply(input);
            }
        }
        throw new IllegalArgumentException("not a messages.json field: " + field);
    }

    @Override
    public Optional<String> check(VectorCase c) throws VectorFormatException {
        for (Field f : FIELDS) {
            byte[] input = c.bytes(f.name);
            byte[] output;
            try {
                output = f.roundTrip.apply(input);
            } catch (DecodeException e) {
                return Optional.of(f.name + ": decode failed: " + e.getMessage());
            }
            Optional<String> mismatch = VectorCheck.compare(f.name, input, output);
            if (mismatch.isPresent()) {
                return mismatch;
            }
        }
        return Optional.empty();
    }

    private static <T extends TlsEncodable> RoundTrip struct(Decoder<T> decoder) {
        return in -> TlsReader.decodeAll(in, decoder).toBytes();
    }

    private static <T extends Proposal> RoundTrip proposalBody(Decoder<T> decoder) {
        return in -> TlsReader.decodeAll(in, decoder).bodyBytes();
    }

    private static RoundTrip mlsMessage(WireFormat expected) {
        return in -> {
            MlsMessage m = MlsMessage.decode(in);
            if (m.wireFormat() != expected) {
                throw new DecodeException("expected wire format " + expected + ", got " + m.wireFormat());
            }
            return m.toBytes();
        };
    }
}
