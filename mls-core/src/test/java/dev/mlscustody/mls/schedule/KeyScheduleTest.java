package dev.mlscustody.mls.schedule;

import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.ResumptionPskUsage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyScheduleTest {
    private final CipherSuite suite = HashRatchetTest.suite(7);
    private final byte[] init = suite.hash(bytes("init"));
    private final byte[] commit = suite.hash(bytes("commit"));
    private final byte[] context = bytes("a group context");

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void memberAndJoinerReachTheSameEpoch() {
        byte[] psk = suite.hash(bytes("psk"));
        EpochSecrets member = KeySchedule.derive(suite, init, commit, psk, context);
        EpochSecrets joiner = KeySchedule.fromJoinerSecret(suite, member.joinerSecret(), psk, context);
        assertArrayEquals(member.epochAuthenticator(), joiner.epochAuthenticator());
        assertArrayEquals(member.encryptionSecret(), joiner.encryptionSecret());
        assertArrayEquals(member.welcomeSecret(), KeySchedule.welcomeSecret(suite, member.joinerSecret(), psk));
    }

    @Test
    void joinerSecretAndEpochSecretFollowSection8() {
        byte[] joiner = suite.expandWithLabel(suite.extract(init, commit), "joiner", context, suite.hashLength());
        byte[] zero = KeySchedule.zeroSecret(suite);
        byte[] member = suite.extract(joiner, zero);
        byte[] epoch = suite.expandWithLabel(member, "epoch", context, suite.hashLength());
        EpochSecrets s = KeySchedule.derive(suite, init, commit, zero, context);
        assertArrayEquals(joiner, s.joinerSecret());
        assertArrayEquals(suite.deriveSecret(member, "welcome"), s.welcomeSecret());
        assertArrayEquals(suite.deriveSecret(epoch, "init"), s.initSecret());
        assertArrayEquals(suite.deriveSecret(epoch, "membership"), s.membershipKey());
        assertArrayEquals(suite.expandWithLabel(suite.deriveSecret(suite.deriveSecret(epoch, "exporter"), "label"),
                "exported", suite.hash(bytes("ctx")), 17), s.exporter("label", bytes("ctx"), 17));
        assertArrayEquals(suite.mac(s.confirmationKey(), bytes("cth")), s.confirmationTag(bytes("cth")));
    }

    @Test
    void inputsOfTheWrongLengthAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> KeySchedule.derive(suite, new byte[5], commit, commit, context));
        assertThrows(IllegalArgumentException.class,
                () -> KeySchedule.fromJoinerSecret(suite, init, new byte[suite.hashLength() + 1], context));
    }

    @Test
    void toStringShowsNoSecret() {
        EpochSecrets s = KeySchedule.derive(suite, init, commit, KeySchedule.zeroSecret(suite), context);
        String text = s.toString();
        for (byte[] secret : List.of(s.joinerSecret(), s.initSecret(), s.encryptionSecret(), s.membershipKey())) {
            assertFalse(text.contains(HexFormat.of().formatHex(secret)));
        }
    }

    @Test
    void noPskGivesTheZeroSecret() {
        assertArrayEquals(new byte[suite.hashLength()], PskSecret.compute(suite, List.of()));
    }

    @Test
    void pskChainFollowsSection84() {
        PreSharedKeyId a = new PreSharedKeyId.External(bytes("a"), suite.hash(bytes("na")));
        PreSharedKeyId b = new PreSharedKeyId.Resumption(ResumptionPskUsage.APPLICATION, bytes("g"), 3, suite.hash(bytes("nb")));
        byte[] pa = bytes("psk a");
        byte[] pb = bytes("psk b");
        byte[] zero = new byte[suite.hashLength()];
        byte[] s = zero;
        int i = 0;
        for (Object[] p : new Object[][] {{a, pa}, {b, pb}}) {
            byte[] label = new dev.mlscustody.mls.codec.TlsWriter().struct((PreSharedKeyId) p[0]).u16(i++).u16(2).toByteArray();
            byte[] input = suite.expandWithLabel(suite.extract(zero, (byte[]) p[1]), "derived psk", label, suite.hashLength());
            s = suite.extract(input, s);
        }
        byte[] got = PskSecret.compute(suite, List.of(new PskSecret.Input(a, pa), new PskSecret.Input(b, pb)));
        assertArrayEquals(s, got);
        // order matters
        byte[] swapped = PskSecret.compute(suite, List.of(new PskSecret.Input(b, pb), new PskSecret.Input(a, pa)));
        assertFalse(java.util.Arrays.equals(got, swapped));
    }

    @Test
    void transcriptHashesChain() {
        TranscriptHash t0 = TranscriptHash.initial();
        assertEquals(0, t0.confirmed().length);
        byte[] input = bytes("confirmed input");
        byte[] tag = suite.hash(bytes("tag"));
        TranscriptHash t1 = t0.next(suite, input, tag);
        assertArrayEquals(suite.hash(input), t1.confirmed());
        byte[] interimInput = new dev.mlscustody.mls.codec.TlsWriter().opaque(tag).toByteArray();
        byte[] both = new byte[t1.confirmed().length + interimInput.length];
        System.arraycopy(t1.confirmed(), 0, both, 0, t1.confirmed().length);
        System.arraycopy(interimInput, 0, both, t1.confirmed().length, interimInput.length);
        assertArrayEquals(suite.hash(both), t1.interim());
        TranscriptHash t2 = t1.next(suite, input, tag);
        byte[] chained = new byte[t1.interim().length + input.length];
        System.arraycopy(t1.interim(), 0, chained, 0, t1.interim().length);
        System.arraycopy(input, 0, chained, t1.interim().length, input.length);
        assertArrayEquals(suite.hash(chained), t2.confirmed());
    }
}
