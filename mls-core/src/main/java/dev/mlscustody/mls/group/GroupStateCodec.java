package dev.mlscustody.mls.group;

import dev.mlscustody.mls.tree.PrivateTreeKeys;
import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.crypto.UnsupportedCipherSuiteException;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.ReInit;
import dev.mlscustody.mls.schedule.EpochSecrets;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.schedule.SecretTree;
import dev.mlscustody.mls.tree.RatchetTree;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole member state of one group as one versioned byte string, and back (DESIGN "Storage":
 * one snapshot per group and member, written atomically with its epoch). Custody keys appear
 * only as key ids, found again in the {@link KeyCustody} on restore; software secrets (epoch
 * secrets, secret tree ratchets, path secrets, resumption PSKs) are inside: store the snapshot
 * encrypted. Restoring and encoding again gives the same bytes.
 *
 * <p>Format version 1: {@code uint16 version; uint16 cipher_suite; uint8 status; optional<ReInit>;
 * opaque signer_key_id; EpochState current; proposals; own update keys; EpochState past<..>;
 * resumption PSKs; optional<PendingCommit>}.
 */
public final class GroupStateCodec {
    public static final int VERSION = 1;

    private GroupStateCodec() {
    }

    public static byte[] encode(Group group) {
        TlsWriter w = new TlsWriter(4096);
        w.u16(VERSION).u16(group.suite().id()).u8(group.status().ordinal());
        w.optional(group.reinitValue(), (ww, r) -> r.encode(ww));
        keyId(w, group.signer().id());
        epoch(w, group.epochState());
        List<QueuedProposal> proposals = group.proposalStore().all();
        w.u32(proposals.size());
        for (QueuedProposal qp : proposals) {
            w.opaque(qp.reference().orElseThrow());
            qp.sender().encode(w);
            qp.proposal().encode(w);
        }
        w.u32(group.ownUpdateKeys().size());
        group.ownUpdateKeys().forEach((ref, key) -> {
            w.opaque(bytes(ref));
            keyId(w, key.id());
        });
        w.u32(group.pastEpochs().size());
        for (EpochState e : group.pastEpochs()) {
            epoch(w, e);
        }
        w.u32(group.resumptionPskMap().size());
        group.resumptionPskMap().forEach((epoch, psk) -> w.u64(epoch).opaque(psk));
        w.optional(group.pendingCommit(), (ww, p) -> pending(ww, p));
        return w.toByteArray();
    }

    /**
     * Restores a group; custody keys are looked up in {@code env.custody()}.
     *
     * @throws DecodeException      malformed or unsupported snapshot
     * @throws KeyCustodyException  a referenced custody key is missing
     */
    public static Group decode(byte[] snapshot, GroupEnvironment env) throws MlsException {
        try {
            return decodeUnchecked(snapshot, env);
        } catch (RuntimeException e) {
            throw new DecodeException("malformed group state (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Group decodeUnchecked(byte[] snapshot, GroupEnvironment env) throws MlsException {
        TlsReader r = new TlsReader(snapshot);
        int version = r.u16();
        if (version != VERSION) {
            throw new DecodeException("unsupported group state version " + version);
        }
        CipherSuite suite;
        try {
            suite = CipherSuite.of(r.u16());
        } catch (UnsupportedCipherSuiteException e) {
            throw new DecodeException("unsupported cipher suite in group state");
        }
        int statusOrdinal = r.u8();
        if (statusOrdinal >= Group.Status.values().length) {
            throw new DecodeException("unknown group status " + statusOrdinal);
        }
        Optional<ReInit> reinit = r.optional(GroupStateCodec::reinit);
        KeyCustody custody = env.custody();
        SignatureKey signer = custody.findSignatureKey(keyId(r));
        Map<String, HpkePrivateKey> keys = new HashMap<>();
        EpochState current = epoch(r, suite, env, keys);
        ProposalStore store = ProposalStore.empty();
        int n = r.u32AsInt("proposals");
        for (int i = 0; i < n; i++) {
            byte[] ref = r.opaque();
            Sender sender = Sender.decode(r);
            store = store.with(ref, Proposal.decode(r), sender);
        }
        Map<ByteBuffer, HpkePrivateKey> updateKeys = new LinkedHashMap<>();
        n = r.u32AsInt("update keys");
        for (int i = 0; i < n; i++) {
            byte[] ref = r.opaque();
            updateKeys.put(ByteBuffer.wrap(ref), hpke(custody, keyId(r), keys));
        }
        List<EpochState> past = new ArrayList<>();
        n = r.u32AsInt("past epochs");
        for (int i = 0; i < n; i++) {
            past.add(epoch(r, suite, env, keys));
        }
        Map<Long, byte[]> psks = new LinkedHashMap<>();
        n = r.u32AsInt("resumption psks");
        for (int i = 0; i < n; i++) {
            psks.put(r.u64(), r.opaque());
        }
        Optional<PendingCommit> pending = r.optional(rr -> pending(rr, suite, env, keys));
        r.finish();
        Group g = new Group(env, suite, signer, current);
        g.restore(store, updateKeys, past, psks, Group.Status.values()[statusOrdinal], reinit, pending.orElse(null));
        return g;
    }

    private static ReInit reinit(TlsReader r) throws DecodeException {
        if (Proposal.decode(r) instanceof ReInit ri) {
            return ri;
        }
        throw new DecodeException("expected a ReInit proposal");
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static void keyId(TlsWriter w, KeyId id) {
        w.opaque(id.value().getBytes(StandardCharsets.UTF_8));
    }

    private static KeyId keyId(TlsReader r) throws DecodeException {
        try {
            return new KeyId(new String(r.opaque(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new DecodeException("invalid key id in group state");
        }
    }

    private static HpkePrivateKey hpke(KeyCustody custody, KeyId id, Map<String, HpkePrivateKey> cache)
            throws KeyCustodyException {
        HpkePrivateKey k = cache.get(id.value());
        if (k == null) {
            k = custody.findHpkeKey(id);
            cache.put(id.value(), k);
        }
        return k;
    }

    private static void epoch(TlsWriter w, EpochState e) {
        e.context().encode(w);
        w.opaque(e.tree().encode());
        w.opaque(e.interimTranscriptHash()).opaque(e.confirmationTag());
        e.secrets().encode(w);
        e.secretTree().encodeState(w);
        PrivateTreeKeys p = e.privateTree();
        w.u32(p.ownLeaf());
        w.optional(Optional.ofNullable(p.leafKey()), (ww, k) -> keyId(ww, k.id()));
        w.u32(p.nodeSecrets().size());
        p.nodeSecrets().forEach((node, s) -> w.u32(node).opaque(s.pathSecret()).opaque(s.publicKey()));
    }

    private static EpochState epoch(TlsReader r, CipherSuite suite, GroupEnvironment env,
                                    Map<String, HpkePrivateKey> keys) throws MlsException {
        GroupContext context = GroupContext.decode(r);
        RatchetTree tree = RatchetTree.decode(suite, r.opaque());
        byte[] interim = r.opaque();
        byte[] tag = r.opaque();
        EpochSecrets secrets = EpochSecrets.decode(suite, r);
        SecretTree secretTree = SecretTree.decodeState(suite, Group.ratchetPolicy(env.config()), r);
        int ownLeaf = r.u32AsInt("own leaf");
        Optional<KeyId> leafKeyId = r.optional(GroupStateCodec::keyId);
        HpkePrivateKey leafKey = leafKeyId.isPresent() ? hpke(env.custody(), leafKeyId.get(), keys) : null;
        int n = r.u32AsInt("path secrets");
        Map<Integer, PrivateTreeKeys.NodeSecret> nodes = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            nodes.put(r.u32AsInt("node"), new PrivateTreeKeys.NodeSecret(r.opaque(), r.opaque()));
        }
        return new EpochState(context, tree, interim, tag, secrets, secretTree, PrivateTreeKeys.restore(suite, ownLeaf, leafKey, nodes));
    }

    private static void pending(TlsWriter w, PendingCommit p) {
        epoch(w, p.next());
        w.opaque(p.output().commit().toBytes());
        w.optional(p.output().welcome(), (ww, m) -> ww.opaque(m.toBytes()));
        w.opaque(p.output().groupInfo().toBytes());
        w.u32(p.supersededKeys().size());
        p.supersededKeys().forEach(k -> keyId(w, k));
        w.u32(p.abandonedKeys().size());
        p.abandonedKeys().forEach(k -> keyId(w, k));
        w.optional(p.reinit(), (ww, ri) -> ri.encode(ww));
    }

    private static PendingCommit pending(TlsReader r, CipherSuite suite, GroupEnvironment env,
                                         Map<String, HpkePrivateKey> keys) throws DecodeException {
        try {
            EpochState next = epoch(r, suite, env, keys);
            MlsMessage commit = MlsMessage.decode(r.opaque());
            Optional<MlsMessage> welcome = r.optional(rr -> MlsMessage.decode(rr.opaque()));
            MlsMessage groupInfo = MlsMessage.decode(r.opaque());
            List<KeyId> superseded = new ArrayList<>();
            int n = r.u32AsInt("superseded");
            for (int i = 0; i < n; i++) {
                superseded.add(keyId(r));
            }
            List<KeyId> abandoned = new ArrayList<>();
            n = r.u32AsInt("abandoned");
            for (int i = 0; i < n; i++) {
                abandoned.add(keyId(r));
            }
            Optional<ReInit> reinit = r.optional(GroupStateCodec::reinit);
            return new PendingCommit(next, new CommitOutput(commit, welcome, groupInfo), superseded, abandoned, reinit);
        } catch (DecodeException e) {
            throw e;
        } catch (MlsException e) {
            throw new DecodeException("pending commit in group state: " + e.getMessage());
        }
    }
}
