package dev.mlscustody.mls.group;

import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.FramedContent;
import dev.mlscustody.mls.framing.FramedContentAuthData;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.ProposalContent;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.framing.WireFormat;
import dev.mlscustody.mls.message.Add;
import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.GroupContextExtensions;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.PreSharedKeyProposal;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.ReInit;
import dev.mlscustody.mls.message.Remove;
import dev.mlscustody.mls.message.Update;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.LeafNodeSource;
import java.util.List;
import java.util.Optional;

/**
 * Sending proposals (RFC 9420 §12.1) as standalone messages. Each proposal is checked like a
 * received one, cached under its ProposalRef, and returned as the MLSMessage to send. An Update
 * gets a fresh leaf key from custody; it becomes our leaf key only if the Update is committed.
 */
public final class Proposals {
    private final Group group;

    Proposals(Group group) {
        this.group = group;
    }

    public MlsMessage add(KeyPackage keyPackage) throws MlsException {
        return send(new Add(keyPackage), null);
    }

    public MlsMessage remove(int leafIndex) throws MlsException {
        return send(new Remove(leafIndex), null);
    }

    /**
     * Leaving (§12.4.2): a member cannot commit its own removal, so it proposes it; once another
     * member commits the Remove, merging that commit makes this group inactive.
     */
    public MlsMessage leave() throws MlsException {
        return remove(group.ownLeafIndex());
    }

    public MlsMessage preSharedKey(PreSharedKeyId psk) throws MlsException {
        return send(new PreSharedKeyProposal(psk), null);
    }

    /** An external PSK proposal with a fresh nonce (§8.4). */
    public MlsMessage externalPsk(byte[] pskId) throws MlsException {
        CipherSuite suite = group.suite();
        return preSharedKey(new PreSharedKeyId.External(pskId.clone(), suite.randomBytes(suite.hashLength())));
    }

    public MlsMessage reInit(ReInit reInit) throws MlsException {
        return send(reInit, null);
    }

    public MlsMessage groupContextExtensions(List<Extension> extensions) throws MlsException {
        return send(new GroupContextExtensions(extensions), null);
    }

    /** §12.1.2: an Update with a fresh leaf HPKE key from custody. */
    public MlsMessage update() throws MlsException {
        group.requireOperational();
        EpochState epoch = group.epochState();
        CipherSuite suite = group.suite();
        HpkePrivateKey key = group.environment().custody().generateHpkeKey(suite.kem());
        try {
            LeafNode current = epoch.leaf(epoch.ownLeaf()).orElseThrow();
            LeafNode unsigned = new LeafNode(key.publicKey(), current.signatureKey(), current.credential(),
                    current.capabilities(), LeafNodeSource.UPDATE, Optional.empty(), Optional.empty(),
                    current.extensions(), new byte[0]);
            LeafNode leaf = unsigned.signedWith(suite, group.signer(), epoch.context().groupId(), epoch.ownLeaf());
            return send(new Update(leaf), key);
        } catch (MlsException | RuntimeException e) {
            group.environment().custody().destroyAfterFailure(e, List.of(key.id()));
            throw e;
        }
    }

    private MlsMessage send(Proposal proposal, HpkePrivateKey updateKey) throws MlsException {
        group.requireOperational();
        EpochState epoch = group.epochState();
        CipherSuite suite = group.suite();
        GroupConfig config = group.environment().config();
        WireFormat wf = config.handshakeAsPrivateMessage() ? WireFormat.PRIVATE_MESSAGE : WireFormat.PUBLIC_MESSAGE;
        FramedContent content = new FramedContent(epoch.context().groupId(), epoch.epoch(),
                new Sender.Member(epoch.ownLeaf()), new byte[0], new ProposalContent(proposal));
        byte[] sig = Framing.sign(suite, group.signer(), wf, content, epoch.context());
        AuthenticatedContent ac = new AuthenticatedContent(wf, content, new FramedContentAuthData(sig, Optional.empty()));
        QueuedProposal qp = MessageProcessor.checkProposal(group, ac, proposal);
        MlsMessage out = wf == WireFormat.PUBLIC_MESSAGE
                ? MlsMessage.of(Framing.protectPublic(suite, ac, epoch))
                : MlsMessage.of(Framing.protectPrivate(suite, ac, epoch, config.paddingBlock()));
        byte[] ref = qp.reference().orElseThrow();
        group.storeProposal(ref, qp);
        if (updateKey != null) {
            group.addOwnUpdateKey(ref, updateKey);
        }
        return out;
    }
}
