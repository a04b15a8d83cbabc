package dev.mlscustody.cli.client;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code client [--keys URI] COMMAND ...}: a file-based MLS member, one operation per call, so
 * that other MLS implementations can be tested against ours through files.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "A file-based MLS member: each call loads --state, does one operation, saves it and prints one JSON line.",
        subcommands = {
            KeyPackageCommand.class, CreateCommand.class, AddCommand.class, JoinCommand.class,
            EncryptCommand.class, DecryptCommand.class, ProcessCommand.class, CommitCommand.class,
            RemoveCommand.class, ProposeCommand.class, PskStoreCommand.class, ExportCommand.class,
            InfoCommand.class, TreeCommand.class, GroupInfoCommand.class, ExternalJoinCommand.class
        })
public final class ClientCommand implements Runnable {

    @Option(names = "--keys", paramLabel = "URI",
            description = "Keep every custody key of this member on a PKCS#11 token: "
                    + "'pkcs11:token=LABEL?module-path=PATH&pin-source=file:PINFILE'. Without it, keys stay in software in the state folder.")
    String keys;

    @Option(names = "--keys-backend", paramLabel = "BACKEND", defaultValue = "CRYPTOKI",
            description = "PKCS#11 access for --keys: CRYPTOKI (PKCS#11 v3.0 wrapper, all suites) or SUNPKCS11 (JDK provider, suites 2, 5, 7). Default: ${DEFAULT-VALUE}.")
    dev.mlscustody.pkcs11.Backend keysBackend;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
