package dev.mlscustody.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The test-vector types the runner knows, detected from the official file names. */
public final class VectorType {
    /** Every type name the official test-vector set uses (file names without ".json"). */
    public static final List<String> KNOWN = List.of(
            "tree-math", "crypto-basics", "deserialization", "secret-tree", "key-schedule", "psk_secret",
            "transcript-hashes", "message-protection", "messages", "welcome", "tree-operations",
            "tree-validation", "treekem", "passive-client");

    private VectorType() {
    }

    /** The type of an official file name; passive-client-*.json are all "passive-client". */
    public static Optional<String> detect(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".json")) {
            return Optional.empty();
        }
        String base = name.substring(0, name.length() - ".json".length());
        if (base.startsWith("passive-client-")) {
            return Optional.of("passive-client");
        }
        return KNOWN.contains(base) ? Optional.of(base) : Optional.empty();
    }

    public static boolean isKnown(String type) {
        return KNOWN.contains(type);
    }
}
