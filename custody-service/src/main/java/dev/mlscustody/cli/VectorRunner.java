package dev.mlscustody.cli;

import dev.mlscustody.mls.conformance.VectorCase;
import dev.mlscustody.mls.conformance.VectorCheck;
import dev.mlscustody.mls.conformance.VectorChecks;
import dev.mlscustody.mls.conformance.VectorFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Runs official MLS test-vector files through the registered {@link VectorCheck}s. Cases of one
 * file are checked in parallel; results are reported in case order.
 */
public final class VectorRunner {

    /** A file or type the runner cannot handle: reported with exit code 2. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** Outcome of one case: empty failure means passed. */
    public record CaseResult(int index, Optional<String> failure) {
    }

    /** Outcome of one file; {@code skippedReason} is set when its type has no check yet. */
    public record FileResult(Path file, String type, List<CaseResult> cases, Optional<String> skippedReason) {
        public long passed() {
            return cases.stream().filter(c -> c.failure().isEmpty()).count();
        }

        public long failed() {
            return cases.size() - passed();
        }
    }

    private final Optional<String> forcedType;

    public VectorRunner(Optional<String> forcedType) throws UsageException {
        if (forcedType.isPresent() && !VectorType.isKnown(forcedType.get())) {
            throw new UsageException("unknown test-vector type: " + forcedType.get() + " (known: " + String.join(", ", VectorType.KNOWN) + ")");
        }
        this.forcedType = forcedType;
    }

    /** Expands folders to their *.json files (sorted, not recursive); files are taken as given. */
    public static List<Path> expand(List<Path> paths) throws UsageException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UsageException("cannot read folder " + p + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(p) && Files.isReadable(p)) {
                files.add(p);
            } else {
                throw new UsageException("cannot read " + p + ": no such readable file or folder");
            }
        }
        return files;
    }

    public FileResult run(Path file) throws UsageException {
        String type = forcedType.or(() -> VectorType.detect(file))
                .orElseThrow(() -> new UsageException("unknown test-vector type for file " + file.getFileName()
                        + ": name it with --type (known: " + String.join(", ", VectorType.KNOWN) + ")"));
        Optional<VectorCheck> check = VectorChecks.forType(type);
        if (check.isEmpty()) {
            return new FileResult(file, type, List.of(), Optional.of("type " + type + " is not implemented yet"));
        }
        List<VectorCase> cases;
        try {
            cases = JacksonVectorCase.load(file);
        } catch (IOException | VectorFormatException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        VectorCheck c = check.get();
        List<CaseResult> results = IntStream.range(0, cases.size()).parallel()
                .mapToObj(i -> new CaseResult(i, runOne(c, cases.get(i))))
                .toList();
        return new FileResult(file, type, results, Optional.empty());
    }

    private static Optional<String> runOne(VectorCheck check, VectorCase vectorCase) {
        try {
            return check.check(vectorCase);
        } catch (Exception | StackOverflowError e) {
            String msg = e.getMessage();
            return Optional.of(e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg));
        }
    }

    /** Prints the report the `vectors` command promises and returns the exit code (0 or 1). */
    public static int report(List<FileResult> results, PrintStream out) {
        long passed = 0;
        long failed = 0;
        for (FileResult r : results) {
            String name = r.file().getFileName().toString();
            if (r.skippedReason().isPresent()) {
                out.println(name + ": skipped, " + r.skippedReason().get());
                continue;
            }
            out.println(name + ": " + r.passed() + " passed, " + r.failed() + " failed");
            for (CaseResult c : r.cases()) {
                c.failure().ifPresent(f -> out.println("  case " + c.index() + ": " + f));
            }
            passed += r.passed();
            failed += r.failed();
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 && passed > 0 ? 0 : 1;
    }
}
