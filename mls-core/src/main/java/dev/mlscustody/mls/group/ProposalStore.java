package dev.mlscustody.mls.group;

import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.message.Proposal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The proposals received (or sent) in the current epoch, by ProposalRef (RFC 9420 §12.1: "the
 * Proposal should be cached in such a way that it can be retrieved by hash"). Immutable: adding
 * returns a new store, so a staged commit can never change the live one. Cleared at every epoch
 * change (§12.4: proposals are valid only within their epoch).
 */
public final class ProposalStore {
    private static final ProposalStore EMPTY = new ProposalStore(Map.of());

    private final Map<ByteBuffer, QueuedProposal> byRef;

    private ProposalStore(Map<ByteBuffer, QueuedProposal> byRef) {
        this.byRef = byRef;
    }

    public static ProposalStore empty() {
        return EMPTY;
    }

    /** A store with {@code proposal} added (a proposal already present is kept as is). */
    ProposalStore with(byte[] reference, Proposal proposal, Sender sender) {
        ByteBuffer key = ByteBuffer.wrap(reference.clone());
        if (byRef.containsKey(key)) {
            return this;
        }
        Map<ByteBuffer, QueuedProposal> next = new LinkedHashMap<>(byRef);
        next.put(key, new QueuedProposal(proposal, sender, Optional.of(reference.clone())));
        return new ProposalStore(Collections.unmodifiableMap(next));
    }

    public Optional<QueuedProposal> find(byte[] reference) {
        return Optional.ofNullable(byRef.get(ByteBuffer.wrap(reference)));
    }

    /** All stored proposals, in the order they were received. */
    public List<QueuedProposal> all() {
        return List.copyOf(new ArrayList<>(byRef.values()));
    }

    public int size() {
        return byRef.size();
    }

    public boolean isEmpty() {
        return byRef.isEmpty();
    }
}
