package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.group.KeyPackageBundle;
import dev.mlscustody.mls.group.KeyPackageFactory;
import dev.mlscustody.mls.message.BasicCredential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keypackage}: a fresh KeyPackage (RFC 9420 §10) whose private keys stay in custody. */
@Command(name = "keypackage", description = "Create a KeyPackage for a future member whose state folder is --out-dir.")
final class KeyPackageCommand extends MemberCommand {
    @Option(names = "--suite", required = true) int suite;
    @Option(names = "--identity", required = true) String identity;
    @Option(names = "--out-dir", required = true) Path outDir;
    @Option(names = "--out") Path out;
    @Option(names = "--last-resort", description = "Mark it last_resort: its init key survives a join.") boolean lastResort;

    @Override
    ObjectNode execute() throws Exception {
        try (ClientSession s = sessionCreating(outDir)) {
            MemberDir.Profile profile = s.dir.profileFor(suite, identity, s.custody);
            CipherSuite cs = CipherSuite.of(suite);
            KeyPackageBundle bundle = new KeyPackageFactory(s.custody, Clock.systemUTC()).create(cs,
                    new BasicCredential(identity.getBytes(StandardCharsets.UTF_8)),
                    s.custody.findSignatureKey(profile.signatureKey()),
                    KeyPackageFactory.Options.defaults().withLastResort(lastResort));
            byte[] ref = cs.refHash("MLS 1.0 KeyPackage Reference", bundle.keyPackage().toBytes());
            Path target = out != null ? out : outDir.resolve("keypackage.mls");
            // until its file is saved nothing names the new init and leaf keys; until it is published the
            // KeyPackage is of no use: either failing destroys them (and the file, once saved)
            KeyPackageBundle.PrivateKeyIds ids = bundle.privateKeyIds();
            destroyingOnFailure(s, java.util.List.of(ids.initKey(), ids.encryptionKey()), () -> {
                s.dir.saveKeyPackage(ref, bundle);
                try {
                    write(target, MlsMessage.of(bundle.keyPackage()));
                } catch (ClientException | RuntimeException e) {
                    s.dir.deleteKeyPackageFile(ref);
                    throw e;
                }
                return null;
            });
            return Output.ok().put("keyPackageRef", Output.hex(ref)).put("suite", suite)
                    .put("identity", identity).put("out", target.toString());
        }
    }
}
