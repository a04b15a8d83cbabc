package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.group.Member;
import dev.mlscustody.mls.message.BasicCredential;
import dev.mlscustody.mls.message.X509Credential;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The one JSON line each client call prints. */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private Output() {
    }

    static ObjectNode ok() {
        return JSON.createObjectNode().put("ok", true);
    }

    /** Adds epoch, epochAuthenticator, ownLeaf and members (and group id, suite). */
    static ObjectNode withGroup(ObjectNode node, Group group) {
        node.put("groupId", HEX.formatHex(group.groupId()))
                .put("suite", group.cipherSuite().id())
                .put("epoch", group.epoch())
                .put("epochAuthenticator", HEX.formatHex(group.epochAuthenticator()))
                .put("ownLeaf", group.ownLeafIndex())
                .put("active", group.isActive());
        ArrayNode members = node.putArray("members");
        for (Member m : group.members()) {
            members.addObject().put("leaf", m.leafIndex()).put("identity", identity(m));
        }
        return node;
    }

    static String identity(Member m) {
        return switch (m.credential()) {
            case BasicCredential b -> new String(b.identity(), StandardCharsets.UTF_8);
            case X509Credential x -> "x509:" + x.certificates().size() + " certificates";
        };
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    static ObjectNode error(String message) {
        return JSON.createObjectNode().put("ok", false).put("error", message);
    }
}
