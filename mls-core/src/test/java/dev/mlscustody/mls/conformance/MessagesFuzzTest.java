package dev.mlscustody.mls.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mlscustody.mls.codec.DecodeException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutates and truncates every value of messages.json with a fixed seed. Decoding a mutated input
 * either fails with {@link DecodeException} or succeeds; a success must re-encode to exactly the
 * mutated bytes (the decoder accepts canonical encodings only). Any other exception fails.
 */
class MessagesFuzzTest {
    private static final long SEED = 0x9420_2023L;
    private static final int MUTATIONS_PER_VALUE = 40;

    @Test
    void mutatedMessagesOnlyFailWithDecodeException() throws Exception {
        List<VectorCase> cases = StructVectorsTest.load("messages.json");
        assertEquals(300, cases.size());
        SplittableRandom random = new SplittableRandom(SEED);
        int rejected = 0;
        int accepted = 0;
        for (VectorCase c : cases) {
            for (String field : MessagesCheck.fieldNames()) {
                byte[] valid = c.bytes(field);
                for (int i = 0; i < MUTATIONS_PER_VALUE; i++) {
                    byte[] mutated = mutate(valid, random);
                    try {
                        byte[] reencoded = MessagesCheck.roundTrip(field, mutated);
                        assertArrayEquals(mutated, reencoded, field + ": accepted a non-canonical encoding "
                                + Hex.abbreviate(mutated));
                        accepted++;
                    } catch (DecodeException expected) {
                        rejected++;
                    } catch (RuntimeException | Error e) {
                        fail(field + ": " + e + " on input " + Hex.of(mutated), e);
                    }
                }
            }
        }
        // the mutations must actually exercise both outcomes
        assertTrue(rejected > accepted, "rejected " + rejected + ", accepted " + accepted);
        assertTrue(accepted > 0, "no mutation was accepted");
    }

    @Test
    void everyTruncationOfEveryMessageIsRejected() throws Exception {
        List<VectorCase> cases = StructVectorsTest.load("messages.json");
        for (VectorCase c : cases.subList(0, 10)) {
            for (String field : MessagesCheck.fieldNames()) {
                byte[] valid = c.bytes(field);
                for (int n = 0; n < valid.length; n++) {
                    byte[] prefix = Arrays.copyOf(valid, n);
                    try {
                        MessagesCheck.roundTrip(field, prefix);
                        fail(field + ": accepted a truncation to " + n + " of " + valid.length + " bytes");
                    } catch (DecodeException expected) {
                        // the only acceptable outcome
                    }
                }
            }
        }
    }

    private static byte[] mutate(byte[] in, SplittableRandom random) {
        if (in.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int pos = random.nextInt(in.length);
        byte[] out;
        switch (random.nextInt(8)) {
            case 0 -> {
                out = in.clone();
                out[pos] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> {
                out = in.clone();
                out[pos] = (byte) random.nextInt(256);
            }
            case 2 -> out = Arrays.copyOf(in, random.nextInt(in.length));
            case 3 -> {
                out = new byte[in.length - 1];
                System.arraycopy(in, 0, out, 0, pos);
                System.arraycopy(in, pos + 1, out, pos, in.length - pos - 1);
            }
            case 4 -> {
                out = new byte[in.length + 1];
                System.arraycopy(in, 0, out, 0, pos);
                out[pos] = (byte) random.nextInt(256);
                System.arraycopy(in, pos, out, pos + 1, in.length - pos);
            }
            case 5 -> {
                out = in.clone();
                int[] prefixes = {0x40, 0x80, 0xc0, 0xff, 0x00, 0x01, 0x02, 0x03};
                out[pos] = (byte) prefixes[random.nextInt(prefixes.length)];
            }
            case 6 -> {
                out = Arrays.copyOf(in, in.length + 1 + random.nextInt(4));
            }
            default -> {
                out = in.clone();
                int len = Math.min(1 + random.nextInt(4), in.length - pos);
                for (int i = 0; i < len; i++) {
                    out[pos + i] = (byte) random.nextInt(256);
                }
            }
        }
        return out;
    }
}
