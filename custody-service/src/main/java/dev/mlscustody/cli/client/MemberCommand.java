package dev.mlscustody.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlscustody.mls.MlsException;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.framing.MlsMessage;
import dev.mlscustody.mls.message.KeyPackage;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/**
 * Base of every {@code client} subcommand: runs one operation and prints exactly one JSON line,
 * {@code {"ok":true,...}} on stdout, or {@code {"ok":false,"error":"..."}} on stderr with exit 1.
 */
abstract class MemberCommand implements Callable<Integer> {

    @ParentCommand
    ClientCommand client;

    /** Performs the operation and returns the success line's fields. */
    abstract ObjectNode execute() throws Exception;

    @Override
    public final Integer call() {
        try {
            ObjectNode out = execute();
            System.out.println(Output.JSON.writeValueAsString(out));
            return 0;
        } catch (MlsException | ClientException e) {
            return fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (Exception | StackOverflowError e) {
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

    ClientSession session(Path stateDir) throws ClientException, dev.mlscustody.mls.crypto.KeyCustodyException {
        return ClientSession.open(stateDir, Optional.ofNullable(client.keys), client.keysBackend);
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
