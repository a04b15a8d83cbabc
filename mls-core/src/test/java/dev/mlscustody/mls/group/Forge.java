package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.CommitContent;
import dev.mlscustody.mls.framing.FramedContent;
import dev.mlscustody.mls.framing.FramedContentAuthData;
import dev.mlscustody.mls.framing.FramedContentBody;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.PublicMessage;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.framing.WireFormat;
import dev.mlscustody.mls.message.Commit;
import dev.mlscustody.mls.message.Proposal;
import dev.mlscustody.mls.message.ProposalOrRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test-only forging of handshake messages that our own builder refuses to create: correctly
 * signed and tagged by a real member, with arbitrary content (OpenMLS "Frankenstein" style).
 */
final class Forge {
    private Forge() {
    }

    /** A PublicMessage commit from {@code sender} with the given proposals by value and path. */
    static MlsMessage commit(Group sender, List<Proposal> byValue, Optional<dev.mlscustody.mls.tree.UpdatePath> path) throws Exception {
        List<ProposalOrRef> refs = new ArrayList<>();
        for (Proposal p : byValue) {
            refs.add(new ProposalOrRef.ByValue(p));
        }
        return commit(sender, new Commit(refs, path), new byte[sender.suite().hashLength()]);
    }

    static MlsMessage commit(Group sender, Commit commit, byte[] confirmationTag) throws Exception {
        return framed(sender, sender.epoch(), new CommitContent(commit), Optional.of(confirmationTag));
    }

    static MlsMessage framed(Group sender, long epoch, FramedContentBody body, Optional<byte[]> tag) throws Exception {
        CipherSuite suite = sender.suite();
        EpochState e = sender.epochState();
        FramedContent content = new FramedContent(sender.groupId(), epoch, new Sender.Member(e.ownLeaf()), new byte[0], body);
        byte[] sig = Framing.sign(suite, sender.signer(), WireFormat.PUBLIC_MESSAGE, content, e.context());
        AuthenticatedContent ac = new AuthenticatedContent(WireFormat.PUBLIC_MESSAGE, content,
                new FramedContentAuthData(sig, tag));
        return MlsMessage.of(memberTagged(suite, ac, e));
    }

    /**
     * A PublicMessage with a valid membership tag (§6.2) built without the sending-side checks of
     * {@code framing.PublicMessageProtector}, which refuses the wrong epochs and content types a
     * forged message needs.
     */
    static PublicMessage memberTagged(CipherSuite suite, AuthenticatedContent ac, EpochState e) {
        return PublicMessage.of(ac, Optional.of(suite.mac(e.secrets().membershipKey(), ac.encodeTbm(e.context()))));
    }

    /** The PublicMessage of {@code m} with its content replaced (signature and tag kept: both now wrong). */
    static PublicMessage publicOf(MlsMessage m) {
        return ((MlsMessage.PublicMessageBody) m.body()).message();
    }
}
