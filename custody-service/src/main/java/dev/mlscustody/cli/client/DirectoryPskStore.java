package dev.mlscustody.cli.client;

import dev.mlscustody.mls.group.PskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

/** External PSKs (RFC 9420 §8.4) kept as one file per psk_id (hex file name) in a member's folder. */
final class DirectoryPskStore implements PskStore {
    private static final HexFormat HEX = HexFormat.of();

    private final Path dir;

    DirectoryPskStore(Path dir) {
        this.dir = dir;
    }

    void put(byte[] pskId, byte[] secret) throws ClientException {
        Files2.writeAtomically(dir.resolve(HEX.formatHex(pskId)), secret);
    }

    @Override
    public Optional<byte[]> externalPsk(byte[] pskId) {
        Path f = dir.resolve(HEX.formatHex(pskId));
        try {
            return Files.isRegularFile(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
