package dev.mlscustody.mls.crypto;

import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.codec.TlsWriter;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * {@link KeyCustody} in software. {@link #inMemory()} keeps keys for the life of the process;
 * {@link #persistent(Path)} also writes each key to its own file in a directory, so that a
 * command-line member's keys survive a restart: one file per key id ({@code <id>.key}), owner-only
 * permissions, written to a temporary file and atomically renamed into place. Key files hold
 * private keys in the clear: the directory must be protected like any other secret store.
 */
public final class SoftwareKeyCustody implements KeyCustody {
    private static final Pattern SOFTWARE_KEY_ID = Pattern.compile("[0-9a-f]{32}");
    private static final int FILE_VERSION = 1;
    private static final int TYPE_SIGNATURE = 1;
    private static final int TYPE_HPKE = 2;
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final ConcurrentMap<KeyId, KeyHandle> keys = new ConcurrentHashMap<>();
    private final Path directory;

    /** An in-memory custody, as {@link #inMemory()}. */
    public SoftwareKeyCustody() {
        this(null);
    }

    private SoftwareKeyCustody(Path directory) {
        this.directory = directory;
    }

    /** Keys live only in this object. */
    public static SoftwareKeyCustody inMemory() {
        return new SoftwareKeyCustody(null);
    }

    /**
     * Keys are also stored in {@code directory} (created owner-only if absent) and found there
     * again by a later instance.
     */
    public static SoftwareKeyCustody persistent(Path directory) throws KeyCustodyException {
        Objects.requireNonNull(directory, "directory");
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                setPermissions(directory, OWNER_ONLY_DIR);
            }
        } catch (IOException e) {
            throw new KeyCustodyException(KeyCustodyException.Reason.TOKEN_UNAVAILABLE, "open key directory", null,
                    "cannot create " + directory, e);
        }
        return new SoftwareKeyCustody(directory);
    }

    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    @Override
    public SignatureKey generateSignatureKey(SignatureScheme scheme) throws KeyCustodyException {
        SoftwareSignatureKey key = SoftwareSignatureKey.generate(Objects.requireNonNull(scheme, "scheme"));
        store(key, TYPE_SIGNATURE, scheme.codePoint(), key.privateKeyForStorage(), "generate signature key");
        return key;
    }

    @Override
    public HpkePrivateKey generateHpkeKey(KemId kem) throws KeyCustodyException {
        SoftwareHpkeKey key = SoftwareHpkeKey.generate(Objects.requireNonNull(kem, "kem"));
        store(key, TYPE_HPKE, kem.codePoint(), key.privateKeyForStorage(), "generate HPKE key");
        return key;
    }

    @Override
    public SignatureKey findSignatureKey(KeyId id) throws KeyCustodyException {
        if (find(id, "find signature key") instanceof SignatureKey k) {
            return k;
        }
        throw new KeyCustodyException(KeyCustodyException.Reason.KEY_NOT_FOUND, "find signature key", id,
                "the key is not a signature key");
    }

    @Override
    public HpkePrivateKey findHpkeKey(KeyId id) throws KeyCustodyException {
        if (find(id, "find HPKE key") instanceof HpkePrivateKey k) {
            return k;
        }
        throw new KeyCustodyException(KeyCustodyException.Reason.KEY_NOT_FOUND, "find HPKE key", id,
                "the key is not an HPKE key");
    }

    @Override
    public void destroy(KeyId id) throws KeyCustodyException {
        Objects.requireNonNull(id, "id");
        KeyHandle removed = keys.remove(id);
        if (directory != null && SOFTWARE_KEY_ID.matcher(id.value()).matches()) {
            try {
                Files.deleteIfExists(fileOf(id));
            } catch (IOException e) {
                throw new KeyCustodyException(KeyCustodyException.Reason.OPERATION_FAILED, "destroy", id,
                        "cannot delete the key file", e);
            }
        }
        if (removed instanceof SoftwareKey k) {
            k.wipe();
        }
    }

    // ---- storage ----

    private Path fileOf(KeyId id) {
        return directory.resolve(id.value() + ".key");
    }

    private void store(KeyHandle key, int type, int codePoint, byte[] privateKey, String operation)
            throws KeyCustodyException {
        try {
            if (directory != null) {
                writeAtomically(key.id(), encodeFile(type, codePoint, privateKey), operation);
            }
            keys.put(key.id(), key);
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    /**
     * Key file: uint8 version; uint8 type (1 signature, 2 HPKE); uint16 scheme or KEM code point;
     * opaque private_key&lt;V&gt; (RFC 9420 §2.1 encoding).
     */
    private static byte[] encodeFile(int type, int codePoint, byte[] privateKey) {
        return new TlsWriter().u8(FILE_VERSION).u8(type).u16(codePoint).opaque(privateKey).toByteArray();
    }

    private void writeAtomically(KeyId id, byte[] content, String operation) throws KeyCustodyException {
        Path target = fileOf(id);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(directory, ".tmp-" + id.value(), ".key");
            setPermissions(tmp, OWNER_ONLY_FILE);
            Files.write(tmp, content);
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("file system cannot rename atomically", e);
            }
            tmp = null;
            syncDirectory();
        } catch (IOException e) {
            throw new KeyCustodyException(KeyCustodyException.Reason.OPERATION_FAILED, operation, id,
                    "cannot write the key file", e);
        } finally {
            Arrays.fill(content, (byte) 0);
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is owner-only
                }
            }
        }
    }

    /** Makes the rename durable (best effort: not every platform can open a directory). */
    private void syncDirectory() {
        try (var channel = java.nio.channels.FileChannel.open(directory, java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the key file itself was forced before the rename
        }
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private KeyHandle find(KeyId id, String operation) throws KeyCustodyException {
        Objects.requireNonNull(id, "id");
        KeyHandle cached = keys.get(id);
        if (cached != null) {
            return cached;
        }
        if (directory == null || !SOFTWARE_KEY_ID.matcher(id.value()).matches()) {
            throw new KeyCustodyException(KeyCustodyException.Reason.KEY_NOT_FOUND, operation, id, null);
        }
        byte[] content;
        try {
            content = Files.readAllBytes(fileOf(id));
        } catch (NoSuchFileException e) {
            throw new KeyCustodyException(KeyCustodyException.Reason.KEY_NOT_FOUND, operation, id, null);
        } catch (IOException e) {
            throw new KeyCustodyException(KeyCustodyException.Reason.OPERATION_FAILED, operation, id,
                    "cannot read the key file", e);
        }
        KeyHandle loaded = decodeFile(id, content, operation);
        KeyHandle raced = keys.putIfAbsent(id, loaded);
        return raced != null ? raced : loaded;
    }

    private static KeyHandle decodeFile(KeyId id, byte[] content, String operation) throws KeyCustodyException {
        byte[] privateKey = null;
        try {
            TlsReader r = new TlsReader(content);
            int version = r.u8();
            int type = r.u8();
            int codePoint = r.u16();
            privateKey = r.opaque();
            r.finish();
            if (version != FILE_VERSION) {
                throw new DecodeException("unknown key file version " + version);
            }
            if (type == TYPE_SIGNATURE) {
                return SoftwareSignatureKey.fromPrivateKey(id, schemeOf(codePoint), privateKey);
            } else if (type == TYPE_HPKE) {
                return SoftwareHpkeKey.fromPrivateKey(id, kemOf(codePoint), privateKey);
            }
            throw new DecodeException("unknown key type " + type);
        } catch (DecodeException | CryptoException e) {
            throw new KeyCustodyException(KeyCustodyException.Reason.OPERATION_FAILED, operation, id,
                    "corrupt key file: " + e.getMessage());
        } finally {
            Arrays.fill(content, (byte) 0);
            if (privateKey != null) {
                Arrays.fill(privateKey, (byte) 0);
            }
        }
    }

    private static SignatureScheme schemeOf(int codePoint) throws DecodeException {
        for (SignatureScheme s : SignatureScheme.values()) {
            if (s.codePoint() == codePoint) {
                return s;
            }
        }
        throw new DecodeException("unknown signature scheme " + codePoint);
    }

    private static KemId kemOf(int codePoint) throws DecodeException {
        for (KemId k : KemId.values()) {
            if (k.codePoint() == codePoint) {
                return k;
            }
        }
        throw new DecodeException("unknown KEM " + codePoint);
    }

    @Override
    public String toString() {
        return directory == null ? "SoftwareKeyCustody[in memory]" : "SoftwareKeyCustody[" + directory + "]";
    }
}
