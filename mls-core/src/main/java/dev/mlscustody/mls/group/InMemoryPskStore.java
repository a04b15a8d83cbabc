package dev.mlscustody.mls.group;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link PskStore} in memory. */
public final class InMemoryPskStore implements PskStore {
    private final Map<ByteBuffer, byte[]> psks = new ConcurrentHashMap<>();

    public InMemoryPskStore put(byte[] pskId, byte[] psk) {
        psks.put(ByteBuffer.wrap(pskId.clone()), psk.clone());
        return this;
    }

    public void remove(byte[] pskId) {
        psks.remove(ByteBuffer.wrap(pskId));
    }

    @Override
    public Optional<byte[]> externalPsk(byte[] pskId) {
        byte[] v = psks.get(ByteBuffer.wrap(pskId));
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }
}
