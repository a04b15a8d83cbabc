package dev.mlscustody.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code mls-custody.jar}. */
@Command(name = "mls-custody", mixinStandardHelpOptions = true, version = "mls-custody 0.1.0",
        description = "Hardware-backed key custody for MLS (RFC 9420).",
        subcommands = {VectorsCommand.class, dev.mlscustody.cli.client.ClientCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main())
                .setParameterExceptionHandler((ex, a) -> {
                    System.err.println(ex.getMessage());
                    return 2;
                })
                .execute(args);
        System.exit(code);
    }
}
