package dev.mlscustody.mls.group;

import dev.mlscustody.mls.message.KeyPackage;
import java.util.Objects;

/**
 * A KeyPackage that passed the group-independent checks of RFC 9420 §10.1 (signature, version,
 * init_key differs from encryption_key, leaf_node_source, leaf signature, lifetime), with its
 * KeyPackageRef. Only {@link KeyPackageValidator} makes one: verified once, remembered.
 */
public final class VerifiedKeyPackage {
    private final KeyPackage keyPackage;
    private final byte[] reference;

    VerifiedKeyPackage(KeyPackage keyPackage, byte[] reference) {
        this.keyPackage = Objects.requireNonNull(keyPackage, "keyPackage");
        this.reference = reference.clone();
    }

    public KeyPackage keyPackage() {
        return keyPackage;
    }

    /** KeyPackageRef (§5.2). */
    public byte[] reference() {
        return reference.clone();
    }

    @Override
    public String toString() {
        return "VerifiedKeyPackage[" + java.util.HexFormat.of().formatHex(reference) + "]";
    }
}
