package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.message.KeyPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ParentCommand;

/**
 * Base of every {@code client} subcommand: runs one operation and prints exactly one JSON line,
 * {@code {"ok":true,...}} on stdout, or {@code {"ok":false,"error":"..."}} on stderr with exit 1.
 */
abstract class MemberCommand implements Callable<Integer> {

    @ParentCommand
    ClientCommand client;

    /** A state folder that did not exist before this call. */
    private Path createdDir;

    /** Performs the operation and returns the success line's fields. */
    abstract ObjectNode execute() throws Exception;

    @Override
    public final Integer call() {
        try {
            ObjectNode out = execute();
            System.out.println(Output.JSON.writeValueAsString(out));
            return 0;
        } catch (MlsException | ClientException e) {
            removeCreatedDir(e);
            return fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (Exception | StackOverflowError e) {
            removeCreatedDir(e);
            return fail("internal error: " + e.getClass().getSimpleName());
        }
    }

    private static int fail(String message) {
        try {
            System.err.println(Output.JSON.writeValueAsString(Output.error(message)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            System.err.println("{\"ok\":false,\"error\":\"unprintable error\"}");
        }
        return 1;
    }

    /** The session of an existing member: refused (creating nothing) when {@code stateDir} holds no member. */
    ClientSession session(Path stateDir) throws ClientException, dev.mlscustody.mls.crypto.KeyCustodyException {
        if (!Files.isRegularFile(stateDir.resolve("member.bin"))) {
            throw new ClientException("no member in " + stateDir + " (run keypackage, create or external-join first)");
        }
        return ClientSession.open(stateDir, Optional.ofNullable(client.keys), client.keysBackend);
    }

    /**
     * A session that may create the state folder: a folder this call created (atomically, so that a
     * concurrent call on the same folder never counts as its creator) is removed again if the call fails.
     */
    ClientSession sessionCreating(Path stateDir) throws ClientException, dev.mlscustody.mls.crypto.KeyCustodyException {
        try {
            Path parent = stateDir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(stateDir);
            createdDir = stateDir;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // an existing folder (perhaps a member): never removed by this call
        } catch (IOException e) {
            throw new ClientException("cannot create state folder " + stateDir + ": " + e.getMessage());
        }
        return ClientSession.open(stateDir, Optional.ofNullable(client.keys), client.keysBackend);
    }

    /**
     * Runs {@code step}; if it fails, destroys {@code keys} (made by this call and not yet recorded in
     * the state folder, so nothing else would ever name them) before rethrowing.
     */
    static <T> T destroyingOnFailure(ClientSession s, java.util.List<dev.mlscustody.mls.crypto.KeyId> keys, Step<T> step)
            throws Exception {
        try {
            return step.run();
        } catch (Exception | Error e) {
            s.custody.destroyAfterFailure(e, keys);
            throw e;
        }
    }

    /** The keys a new group state references besides the member's signature key (which its profile names). */
    static java.util.List<dev.mlscustody.mls.crypto.KeyId> newKeys(dev.mlscustody.mls.group.Group group, MemberDir.Profile profile) {
        return group.referencedKeys().stream().filter(k -> !k.equals(profile.signatureKey())).toList();
    }

    @FunctionalInterface
    interface Step<T> {
        T run() throws Exception;
    }

    /**
     * Undoes a failed call that created its state folder: first destroys the custody keys the folder
     * names (on a token they would outlive the folder), then removes the folder (with any software keys).
     */
    private void removeCreatedDir(Throwable failure) {
        if (createdDir == null) {
            return;
        }
        if (client.keys != null && Files.isDirectory(createdDir)) {
            try (ClientSession s = ClientSession.open(createdDir, Optional.of(client.keys), client.keysBackend)) {
                s.custody.destroyAfterFailure(failure, s.dir.namedKeys(s.env(true)));
            } catch (Exception e) {
                // token unreachable: nothing more can be done here
            }
        }
        try (Stream<Path> s = Files.walk(createdDir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the call fails anyway
        }
    }

    static MlsMessage readMessage(Path file) throws ClientException, DecodeException {
        return MlsMessage.decode(Files2.read(file, "message"));
    }

    /** A KeyPackage file: an MLSMessage carrying a KeyPackage (or a bare KeyPackage). */
    static KeyPackage readKeyPackage(Path file) throws ClientException, DecodeException {
        byte[] bytes = Files2.read(file, "key package");
        try {
            if (MlsMessage.decode(bytes).body() instanceof MlsMessage.KeyPackageBody kp) {
                return kp.message();
            }
            throw new ClientException(file + " is an MLSMessage but not a KeyPackage");
        } catch (DecodeException e) {
            return TlsReader.decodeAll(bytes, KeyPackage::decode);
        }
    }

    static void write(Path file, MlsMessage message) throws ClientException {
        Files2.writeAtomically(file, message.toBytes());
    }
}
