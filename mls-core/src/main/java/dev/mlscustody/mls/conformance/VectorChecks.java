package dev.mlscustody.mls.conformance;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Registry of test-vector checks by type name (the official file names without ".json";
 * "passive-client" for every passive-client file). One line per type.
 */
public final class VectorChecks {
    private static final Map<String, VectorCheck> CHECKS = new TreeMap<>();

    static {
        register("deserialization", new DeserializationCheck());
        register("messages", new MessagesCheck());
        register("tree-math", new TreeMathCheck());
        register("key-schedule", new KeyScheduleCheck());
        register("psk_secret", new PskSecretCheck());
        register("transcript-hashes", new TranscriptHashesCheck());
        register("secret-tree", new SecretTreeCheck());
        register("crypto-basics", new CryptoBasicsCheck());
        register("welcome", new WelcomeCheck());
        register("passive-client", new PassiveClientCheck());
        register("message-protection", new MessageProtectionCheck());
        register("tree-validation", new TreeValidationCheck());
        register("tree-operations", new TreeOperationsCheck());
        register("treekem", new TreeKemCheck());
    }

    private VectorChecks() {
    }

    private static void register(String type, VectorCheck check) {
        CHECKS.put(type, check);
    }

    public static Optional<VectorCheck> forType(String type) {
        return Optional.ofNullable(CHECKS.get(type));
    }

    public static java.util.Set<String> types() {
        return java.util.Collections.unmodifiableSet(CHECKS.keySet());
    }
}
