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
            s.dir.saveKeyPackage(ref, bundle);
            Path target = out != null ? out : outDir.resolve("keypackage.mls");
            write(target, MlsMessage.of(bundle.keyPackage()));
            return Output.ok().put("keyPackageRef", Output.hex(ref)).put("suite", suite)
                    .put("identity", identity).put("out", target.toString());
        }
    }
}
