package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.schedule.HashRatchet;
import dev.mlscustody.mls.schedule.RatchetKey;
import dev.mlscustody.mls.schedule.RatchetType;
import dev.mlscustody.mls.schedule.SecretTree;
import dev.mlscustody.mls.schedule.SenderDataKey;

import java.util.List;
import java.util.Optional;

/**
 * secret-tree.json (RFC 9420 §9, §6.3.2): sender-data key and nonce from a ciphertext sample,
 * and for every leaf the handshake and application key/nonce at the listed generations. Keys are
 * obtained as a receiver would (out of order within the forward limit, then consumed), so the
 * check also exercises the deletion schedule.
 */
public final class SecretTreeCheck implements VectorCheck {
    @Override
    public Optional<String> check(VectorCase c) throws Exception {
        CipherSuite suite = CipherSuite.of((int) c.number("cipher_suite"));
        VectorCase sd = c.object("sender_data");
        SenderDataKey sdk = SenderDataKey.derive(suite, sd.bytes("sender_data_secret"), sd.bytes("ciphertext"));
        Optional<String> r = VectorCheck.compare("sender_data.key", sd.bytes("key"), sdk.key());
        if (r.isEmpty()) {
            r = VectorCheck.compare("sender_data.nonce", sd.bytes("nonce"), sdk.nonce());
        }
        if (r.isPresent()) {
            return r;
        }
        int leafCount = leafCount(c);
        SecretTree tree = new SecretTree(suite, c.bytes("encryption_secret"), leafCount);
        for (int leaf = 0; leaf < leafCount; leaf++) {
            for (VectorCase g : leavesAt(c, leaf)) {
                int generation = (int) g.number("generation");
                String at = "leaves[" + leaf + "][generation " + generation + "].";
                for (RatchetType type : RatchetType.values()) {
                    String prefix = type == RatchetType.HANDSHAKE ? "handshake" : "application";
                    HashRatchet ratchet = tree.ratchet(leaf, type);
                    RatchetKey key = ratchet.keyFor(generation);
                    ratchet.consume(generation);
                    r = VectorCheck.compare(at + prefix + "_key", g.bytes(prefix + "_key"), key.key());
                    if (r.isEmpty()) {
                        r = VectorCheck.compare(at + prefix + "_nonce", g.bytes(prefix + "_nonce"), key.nonce());
                    }
                    if (r.isPresent()) {
                        return r;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static int leafCount(VectorCase c) throws VectorFormatException {
        if (c instanceof NestedObjectLists n) {
            return n.objectLists("leaves").size();
        }
        throw new VectorFormatException("leaves: this VectorCase cannot read an array of arrays of objects");
    }

    /**
     * {@code leaves} is an array of arrays of objects, which {@link VectorCase} has no accessor
     * for; implementations that can read it implement {@link NestedObjectLists}.
     */
    private static List<VectorCase> leavesAt(VectorCase c, int leaf) throws VectorFormatException {
        if (c instanceof NestedObjectLists n) {
            return n.objectLists("leaves").get(leaf);
        }
        throw new VectorFormatException("leaves: this VectorCase cannot read an array of arrays of objects");
    }

    /** A {@link VectorCase} that can read an array of arrays of objects (secret-tree {@code leaves}). */
    public interface NestedObjectLists {
        List<List<VectorCase>> objectLists(String field) throws VectorFormatException;
    }
}
