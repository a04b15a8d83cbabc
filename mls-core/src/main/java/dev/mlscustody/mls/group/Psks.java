package dev.mlscustody.mls.group;

import static dev.mlscustody.mls.ValidationException.Reason.INVALID_PROPOSAL;
import static dev.mlscustody.mls.ValidationException.Reason.MISSING_PSK;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.ResumptionPskUsage;
import dev.mlscustody.mls.schedule.PskSecret;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Looks up the PSKs named by PreSharedKeyIDs (RFC 9420 §8.4) and computes psk_secret: external
 * PSKs from the {@link PskStore}; resumption PSKs of this group from its past epochs, of other
 * groups from {@link GroupEnvironment.ResumptionPsks}.
 */
final class Psks {
    /** Resumption PSKs of the group itself (epoch -> resumption_psk), empty for a joiner. */
    interface OwnResumption {
        Optional<byte[]> resumptionPsk(byte[] groupId, long epoch);
    }

    private Psks() {
    }

    static byte[] secret(CipherSuite suite, List<PreSharedKeyId> ids, GroupEnvironment env, OwnResumption own)
            throws ValidationException {
        List<PskSecret.Input> inputs = new ArrayList<>();
        for (PreSharedKeyId id : ids) {
            inputs.add(new PskSecret.Input(id, lookup(id, env, own)));
        }
        return PskSecret.compute(suite, inputs);
    }

    private static byte[] lookup(PreSharedKeyId id, GroupEnvironment env, OwnResumption own) throws ValidationException {
        return switch (id) {
            case PreSharedKeyId.External e -> env.psks().externalPsk(e.pskId())
                    .orElseThrow(() -> new ValidationException(MISSING_PSK, "unknown external PSK"));
            case PreSharedKeyId.Resumption r -> own.resumptionPsk(r.pskGroupId(), r.pskEpoch())
                    .or(() -> env.resumptionPsks().resumptionPsk(r.pskGroupId(), r.pskEpoch()))
                    .orElseThrow(() -> new ValidationException(MISSING_PSK,
                            "unknown resumption PSK for epoch " + Long.toUnsignedString(r.pskEpoch())));
        };
    }

    /** §12.1.4: psk_nonce of length Nh; reinit/branch usage only within those operations. */
    static void checkProposal(CipherSuite suite, PreSharedKeyId id, boolean reinitOrBranch) throws ValidationException {
        if (id.pskNonce().length != suite.hashLength()) {
            throw new ValidationException(INVALID_PROPOSAL, "psk_nonce is not Nh bytes long");
        }
        if (id instanceof PreSharedKeyId.Resumption r && r.usage() != ResumptionPskUsage.APPLICATION && !reinitOrBranch) {
            throw new ValidationException(INVALID_PROPOSAL, "resumption PSK with usage " + r.usage()
                    + " outside a reinit or branch");
        }
    }

    /** True if the two ids name the same PSK (§12.2: no two PSK proposals with the same PreSharedKeyID). */
    static boolean same(PreSharedKeyId a, PreSharedKeyId b) {
        return Arrays.equals(a.toBytes(), b.toBytes());
    }
}
