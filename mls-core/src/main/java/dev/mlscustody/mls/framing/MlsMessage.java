package dev.mlscustody.mls.framing;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsEncodable;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.message.GroupInfo;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.Welcome;
import java.util.Objects;

/**
 * RFC 9420 §6:
 * <pre>
 * struct {
 *     ProtocolVersion version = mls10;
 *     WireFormat wire_format;
 *     select (MLSMessage.wire_format) {
 *         case mls_public_message:  PublicMessage public_message;
 *         case mls_private_message: PrivateMessage private_message;
 *         case mls_welcome:         Welcome welcome;
 *         case mls_group_info:      GroupInfo group_info;
 *         case mls_key_package:     KeyPackage key_package;
 *     };
 * } MLSMessage;
 * </pre>
 * Only version mls10 is accepted; unknown wire formats are rejected.
 */
public record MlsMessage(ProtocolVersion version, Body body) implements TlsEncodable {

    /** The wire-format-selected message body. */
    public sealed interface Body permits PublicMessageBody, PrivateMessageBody, WelcomeBody, GroupInfoBody,
            KeyPackageBody {
        WireFormat wireFormat();

        TlsEncodable message();
    }

    public record PublicMessageBody(PublicMessage message) implements Body {
        public PublicMessageBody {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public WireFormat wireFormat() {
            return WireFormat.PUBLIC_MESSAGE;
        }
    }

    public record PrivateMessageBody(PrivateMessage message) implements Body {
        public PrivateMessageBody {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public WireFormat wireFormat() {
            return WireFormat.PRIVATE_MESSAGE;
        }
    }

    public record WelcomeBody(Welcome message) implements Body {
        public WelcomeBody {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public WireFormat wireFormat() {
            return WireFormat.WELCOME;
        }
    }

    public record GroupInfoBody(GroupInfo message) implements Body {
        public GroupInfoBody {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public WireFormat wireFormat() {
            return WireFormat.GROUP_INFO;
        }
    }

    public record KeyPackageBody(KeyPackage message) implements Body {
        public KeyPackageBody {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public WireFormat wireFormat() {
            return WireFormat.KEY_PACKAGE;
        }
    }

    public MlsMessage {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(body, "body");
    }

    public static MlsMessage of(PublicMessage m) {
        return new MlsMessage(ProtocolVersion.MLS10, new PublicMessageBody(m));
    }

    public static MlsMessage of(PrivateMessage m) {
        return new MlsMessage(ProtocolVersion.MLS10, new PrivateMessageBody(m));
    }

    public static MlsMessage of(Welcome m) {
        return new MlsMessage(ProtocolVersion.MLS10, new WelcomeBody(m));
    }

    public static MlsMessage of(GroupInfo m) {
        return new MlsMessage(ProtocolVersion.MLS10, new GroupInfoBody(m));
    }

    public static MlsMessage of(KeyPackage m) {
        return new MlsMessage(ProtocolVersion.MLS10, new KeyPackageBody(m));
    }

    public WireFormat wireFormat() {
        return body.wireFormat();
    }

    @Override
    public void encode(TlsWriter w) {
        version.encode(w);
        body.wireFormat().encode(w);
        body.message().encode(w);
    }

    public static MlsMessage decode(TlsReader r) throws DecodeException {
        ProtocolVersion version = ProtocolVersion.decode(r);
        WireFormat wireFormat = WireFormat.decode(r);
        Body body = switch (wireFormat) {
            case PUBLIC_MESSAGE -> new PublicMessageBody(PublicMessage.decode(r));
            case PRIVATE_MESSAGE -> new PrivateMessageBody(PrivateMessage.decode(r));
            case WELCOME -> new WelcomeBody(Welcome.decode(r));
            case GROUP_INFO -> new GroupInfoBody(GroupInfo.decode(r));
            case KEY_PACKAGE -> new KeyPackageBody(KeyPackage.decode(r));
        };
        return new MlsMessage(version, body);
    }

    /** Decodes a complete MLSMessage; trailing bytes are an error. */
    public static MlsMessage decode(byte[] bytes) throws DecodeException {
        return TlsReader.decodeAll(bytes, MlsMessage::decode);
    }
}
