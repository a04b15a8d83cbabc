package dev.mlscustody.mls.group;

import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.framing.ApplicationData;
import dev.mlscustody.mls.framing.AuthenticatedContent;
import dev.mlscustody.mls.framing.FramedContent;
import dev.mlscustody.mls.framing.FramedContentAuthData;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.framing.Sender;
import dev.mlscustody.mls.framing.WireFormat;
import java.util.Optional;

/** Application messages (RFC 9420 §15): always PrivateMessage, only with no proposal pending. */
final class Application {
    private Application() {
    }

    static MlsMessage encrypt(Group group, byte[] data, byte[] authenticatedData) throws MlsException {
        group.requireOperational();
        // §12.4: a member that has observed valid proposals MUST commit before sending application data
        if (!group.proposalStore().isEmpty()) {
            throw new GroupStateException(GroupStateException.Reason.PENDING_PROPOSALS,
                    "proposals are pending: commit them before sending application data (§12.4)");
        }
        EpochState epoch = group.epochState();
        FramedContent content = new FramedContent(epoch.context().groupId(), epoch.epoch(),
                new Sender.Member(epoch.ownLeaf()), authenticatedData.clone(), new ApplicationData(data.clone()));
        byte[] sig = Framing.sign(group.suite(), group.signer(), WireFormat.PRIVATE_MESSAGE, content, epoch.context());
        AuthenticatedContent ac = new AuthenticatedContent(WireFormat.PRIVATE_MESSAGE, content,
                new FramedContentAuthData(sig, Optional.empty()));
        return MlsMessage.of(Framing.protectPrivate(group.suite(), ac, epoch, group.environment().config().paddingBlock()));
    }
}
