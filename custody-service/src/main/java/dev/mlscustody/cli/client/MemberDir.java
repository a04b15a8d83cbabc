package dev.mlscustody.cli.client;

import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.KeyCustody;
import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.group.Group;
import dev.mlscustody.mls.group.GroupEnvironment;
import dev.mlscustody.mls.group.GroupStateCodec;
import dev.mlscustody.mls.group.KeyPackageBundle;
import dev.mlscustody.mls.message.KeyPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A member's state folder. Layout:
 * <ul>
 *   <li>{@code member.bin}: suite, identity and the signature key's custody id;</li>
 *   <li>{@code keypackages/<ref>.bin}: a published KeyPackage and the custody ids of its private keys;</li>
 *   <li>{@code group.state}: the group state snapshot ({@link GroupStateCodec}; custody keys only as ids);</li>
 *   <li>{@code psks/<id>}: external PSKs; {@code keys/}: software custody keys (when no token is used).</li>
 * </ul>
 * Every file is written atomically.
 */
final class MemberDir {
    private static final HexFormat HEX = HexFormat.of();

    /** Who this member is: its suite, identity and signature key (by custody id). */
    record Profile(int suite, String identity, KeyId signatureKey) {
    }

    private final Path dir;

    MemberDir(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    Path softwareKeys() {
        return dir.resolve("keys");
    }

    Path pskDir() {
        return dir.resolve("psks");
    }

    // ------------------------------------------------------------------ profile

    Optional<Profile> profile() throws ClientException {
        Path f = dir.resolve("member.bin");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(TlsReader.decodeAll(Files2.read(f, "member profile"), r -> new Profile(
                    r.u16(), new String(r.opaque(), StandardCharsets.UTF_8), new KeyId(new String(r.opaque(), StandardCharsets.UTF_8)))));
        } catch (DecodeException | IllegalArgumentException e) {
            throw new ClientException("member profile in " + dir + " is corrupt");
        }
    }

    /** The member's profile, created with a fresh signature key if this folder has none yet. */
    Profile profileFor(int suite, String identity, KeyCustody custody) throws ClientException, MlsException {
        Optional<Profile> existing = profile();
        if (existing.isPresent()) {
            Profile p = existing.get();
            if (p.suite() != suite || !p.identity().equals(identity)) {
                throw new ClientException("state folder " + dir + " belongs to " + p.identity() + " (suite " + p.suite() + ")");
            }
            return p;
        }
        SignatureKey key = custody.generateSignatureKey(CipherSuite.of(suite).signatureScheme());
        Profile p = new Profile(suite, identity, key.id());
        TlsWriter w = new TlsWriter();
        w.u16(suite).opaque(identity.getBytes(StandardCharsets.UTF_8)).opaque(key.id().value().getBytes(StandardCharsets.UTF_8));
        Files2.writeAtomically(dir.resolve("member.bin"), w.toByteArray());
        return p;
    }

    Profile requireProfile() throws ClientException {
        return profile().orElseThrow(() -> new ClientException("no member in " + dir + " (run keypackage, create or external-join first)"));
    }

    // ------------------------------------------------------------------ key packages

    void saveKeyPackage(byte[] ref, KeyPackageBundle bundle) throws ClientException {
        KeyPackageBundle.PrivateKeyIds ids = bundle.privateKeyIds();
        TlsWriter w = new TlsWriter();
        w.opaque(bundle.keyPackage().toBytes())
                .opaque(ids.initKey().value().getBytes(StandardCharsets.UTF_8))
                .opaque(ids.encryptionKey().value().getBytes(StandardCharsets.UTF_8))
                .bool(bundle.lastResort());
        Files2.writeAtomically(dir.resolve("keypackages").resolve(HEX.formatHex(ref) + ".bin"), w.toByteArray());
    }

    /** A stored KeyPackage with its private parts found again in custody. */
    record StoredKeyPackage(Path file, KeyPackageBundle bundle) {
    }

    List<StoredKeyPackage> keyPackages(KeyCustody custody, SignatureKey signer) throws ClientException, MlsException {
        Path kpDir = dir.resolve("keypackages");
        List<StoredKeyPackage> out = new ArrayList<>();
        if (!Files.isDirectory(kpDir)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(kpDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".bin")).sorted().toList();
        } catch (IOException e) {
            throw new ClientException("cannot list " + kpDir + ": " + e.getMessage());
        }
        for (Path f : files) {
            TlsReader r = new TlsReader(Files2.read(f, "key package"));
            KeyPackage kp = TlsReader.decodeAll(r.opaque(), KeyPackage::decode);
            KeyId init = new KeyId(new String(r.opaque(), StandardCharsets.UTF_8));
            KeyId enc = new KeyId(new String(r.opaque(), StandardCharsets.UTF_8));
            boolean lastResort = r.bool();
            r.finish();
            out.add(new StoredKeyPackage(f, new KeyPackageBundle(kp, custody.findHpkeKey(init), custody.findHpkeKey(enc), signer, lastResort)));
        }
        return out;
    }

    /** Removes the file of a KeyPackage saved by {@link #saveKeyPackage}, if it is there. */
    void deleteKeyPackageFile(byte[] ref) throws ClientException {
        Path f = dir.resolve("keypackages").resolve(HEX.formatHex(ref) + ".bin");
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new ClientException("cannot delete " + f + ": " + e.getMessage());
        }
    }

    void deleteKeyPackage(StoredKeyPackage kp) throws ClientException {
        try {
            Files.deleteIfExists(kp.file());
        } catch (IOException e) {
            throw new ClientException("cannot delete " + kp.file() + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ group state

    boolean hasGroup() {
        return Files.exists(dir.resolve("group.state"));
    }

    Group loadGroup(GroupEnvironment env) throws ClientException, MlsException {
        if (!hasGroup()) {
            throw new ClientException("no group in " + dir + " (run create, join or external-join first)");
        }
        return GroupStateCodec.decode(Files2.read(dir.resolve("group.state"), "group state"), env);
    }

    /** Writes the group state; the caller destroys superseded keys only after this returns. */
    void saveGroup(Group group) throws ClientException {
        Files2.writeAtomically(dir.resolve("group.state"), GroupStateCodec.encode(group));
    }

    /**
     * Every custody key this folder names: the signature key, the private keys of its KeyPackages and
     * the keys its group state references. Parts that cannot be read are skipped.
     */
    List<KeyId> namedKeys(GroupEnvironment env) {
        List<KeyId> out = new ArrayList<>();
        try {
            profile().ifPresent(p -> out.add(p.signatureKey()));
        } catch (ClientException e) {
            // corrupt profile: nothing to name
        }
        Path kpDir = dir.resolve("keypackages");
        if (Files.isDirectory(kpDir)) {
            try (Stream<Path> s = Files.list(kpDir)) {
                for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".bin")).toList()) {
                    try {
                        TlsReader r = new TlsReader(Files2.read(f, "key package"));
                        r.opaque();
                        out.add(new KeyId(new String(r.opaque(), StandardCharsets.UTF_8)));
                        out.add(new KeyId(new String(r.opaque(), StandardCharsets.UTF_8)));
                    } catch (ClientException | DecodeException | IllegalArgumentException e) {
                        // unreadable: skipped
                    }
                }
            } catch (IOException | RuntimeException e) {
                // unlistable: skipped
            }
        }
        if (hasGroup()) {
            try {
                out.addAll(loadGroup(env).referencedKeys());
            } catch (ClientException | MlsException | RuntimeException e) {
                // unreadable: skipped
            }
        }
        return out;
    }

    /** Destroys custody keys that the saved state no longer references (RFC 9420 §9.2 deletion). */
    static void destroyAll(KeyCustody custody, List<KeyId> keys) throws KeyCustodyException {
        for (KeyId k : keys) {
            custody.destroy(k);
        }
    }
}
