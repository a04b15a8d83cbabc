package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.SoftwareHpkeKey;
import dev.mlscustody.mls.crypto.SoftwareKeyCustody;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.group.CredentialValidator;
import dev.mlscustody.mls.group.GroupConfig;
import dev.mlscustody.mls.group.GroupEnvironment;
import dev.mlscustody.mls.group.PskStore;
import dev.mlscustody.mls.group.WelcomeJoiner;
import dev.mlscustody.mls.message.KeyPackage;
import java.util.Optional;

/**
 * welcome.json (RFC 9420 §12.4.3.1): find our entry, decrypt GroupSecrets with init_priv, decrypt
 * the GroupInfo, verify its signature with signer_pub and the confirmation tag (no PSKs).
 */
public final class WelcomeCheck implements VectorCheck {
    @Override
    public Optional<String> check(VectorCase c) throws Exception {
        CipherSuite suite = CipherSuite.of((int) c.number("cipher_suite"));
        KeyPackage kp = PassiveClientCheck.keyPackage(MlsMessage.decode(c.bytes("key_package")));
        GroupEnvironment env = new GroupEnvironment(GroupConfig.defaults(), SoftwareKeyCustody.inMemory(),
                PskStore.none(), CredentialValidator.acceptAll());
        WelcomeJoiner.DecryptedWelcome dw = WelcomeJoiner.decrypt(
                PassiveClientCheck.welcome(MlsMessage.decode(c.bytes("welcome"))), kp,
                PassiveClientCheck.hpkeKey(suite, c.bytes("init_priv")), env);
        if (!dw.verifyGroupInfoSignature(c.bytes("signer_pub"))) {
            return Optional.of("group_info signature does not verify with signer_pub");
        }
        if (!dw.verifyConfirmationTag()) {
            return Optional.of("group_info confirmation_tag does not verify");
        }
        return Optional.empty();
    }
}
