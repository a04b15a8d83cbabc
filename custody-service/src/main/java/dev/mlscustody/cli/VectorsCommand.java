package dev.mlscustody.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vectors [--type TYPE] PATH...}: checks official MLS test-vector files. */
@Command(name = "vectors", mixinStandardHelpOptions = true,
        description = "Check official MLS test-vector files (a file, or every *.json in a folder).")
final class VectorsCommand implements Callable<Integer> {

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Force the vector type instead of detecting it from the file name (e.g. passive-client).")
    String type;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Test-vector files or folders.")
    List<Path> paths;

    @Override
    public Integer call() {
        try {
            VectorRunner runner = new VectorRunner(Optional.ofNullable(type));
            List<VectorRunner.FileResult> results = new ArrayList<>();
            for (Path file : VectorRunner.expand(paths)) {
                results.add(runner.run(file));
            }
            return VectorRunner.report(results, System.out);
        } catch (VectorRunner.UsageException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
