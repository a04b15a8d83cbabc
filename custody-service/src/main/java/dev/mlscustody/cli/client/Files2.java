package dev.mlscustody.cli.client;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;

/** File helpers for the client: atomic writes (temp file, fsync, rename) and reads with clear errors. */
final class Files2 {
    private Files2() {
    }

    static void writeAtomically(Path target, byte[] data) throws ClientException {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(java.nio.ByteBuffer.wrap(data));
                    ch.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ClientException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    static byte[] read(Path file, String what) throws ClientException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ClientException("cannot read " + what + " " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
