package dev.mlscustody.mls.conformance;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.framing.ProtocolVersion;
import dev.mlscustody.mls.schedule.EpochSecrets;
import dev.mlscustody.mls.schedule.GroupContext;
import dev.mlscustody.mls.schedule.KeySchedule;

import java.util.List;
import java.util.Optional;

/**
 * key-schedule.json (RFC 9420 §8): for each of the chained epochs, builds the GroupContext
 * (epoch i, empty extensions), runs the key schedule from the previous init_secret and compares
 * every derived secret, the external public key and the MLS-Exporter output. The exporter label
 * is used as literal ASCII (see the vectors README).
 */
public final class KeyScheduleCheck implements VectorCheck {
    @Override
    public Optional<String> check(VectorCase c) throws Exception {
        CipherSuite suite = CipherSuite.of((int) c.number("cipher_suite"));
        byte[] groupId = c.bytes("group_id");
        byte[] initSecret = c.bytes("initial_init_secret");
        List<VectorCase> epochs = c.objects("epochs");
        for (int i = 0; i < epochs.size(); i++) {
            VectorCase e = epochs.get(i);
            String at = "epochs[" + i + "].";
            byte[] groupContext = new GroupContext(ProtocolVersion.MLS10, (int) c.number("cipher_suite"), groupId, i,
                    e.bytes("tree_hash"), e.bytes("confirmed_transcript_hash"), List.of()).toBytes();
            Optional<String> r = VectorCheck.compare(at + "group_context", e.bytes("group_context"), groupContext);
            if (r.isPresent()) {
                return r;
            }
            EpochSecrets s = KeySchedule.derive(suite, initSecret, e.bytes("commit_secret"), e.bytes("psk_secret"), groupContext);
            r = firstDifference(at, e, s);
            if (r.isPresent()) {
                return r;
            }
            initSecret = s.initSecret();
        }
        return Optional.empty();
    }

    private static Optional<String> firstDifference(String at, VectorCase e, EpochSecrets s) throws Exception {
        VectorCase exp = e.object("exporter");
        byte[] exported = s.exporter(exp.text("label"), exp.bytes("context"), (int) exp.number("length"));
        Object[][] fields = {
                {"joiner_secret", s.joinerSecret()},
                {"welcome_secret", s.welcomeSecret()},
                {"init_secret", s.initSecret()},
                {"sender_data_secret", s.senderDataSecret()},
                {"encryption_secret", s.encryptionSecret()},
                {"exporter_secret", s.exporterSecret()},
                {"epoch_authenticator", s.epochAuthenticator()},
                {"external_secret", s.externalSecret()},
                {"confirmation_key", s.confirmationKey()},
                {"membership_key", s.membershipKey()},
                {"resumption_psk", s.resumptionPsk()},
                {"external_pub", s.externalPublicKey()},
        };
        for (Object[] f : fields) {
            Optional<String> r = VectorCheck.compare(at + f[0], e.bytes((String) f[0]), (byte[]) f[1]);
            if (r.isPresent()) {
                return r;
            }
        }
        return VectorCheck.compare(at + "exporter.secret", exp.bytes("secret"), exported);
    }
}
