package dev.mlscustody.mls.group;

import dev.mlscustody.mls.tree.TreeKem;
import dev.mlscustody.mls.message.PathSecret;
import dev.mlscustody.mls.tree.PrivateTreeKeys;
import static dev.mlscustody.mls.ValidationException.Reason.BAD_CONFIRMATION_TAG;
import static dev.mlscustody.mls.ValidationException.Reason.BAD_SIGNATURE;
import static dev.mlscustody.mls.ValidationException.Reason.INVALID_GROUP_INFO;
import static dev.mlscustody.mls.ValidationException.Reason.INVALID_WELCOME;
import static dev.mlscustody.mls.ValidationException.Reason.WRONG_CIPHER_SUITE;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.codec.TlsReader;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.crypto.CryptoException;
import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.UnsupportedCipherSuiteException;
import dev.mlscustody.mls.message.EncryptedGroupSecrets;
import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.ExtensionType;
import dev.mlscustody.mls.message.GroupInfo;
import dev.mlscustody.mls.message.GroupSecrets;
import dev.mlscustody.mls.message.KeyPackage;
import dev.mlscustody.mls.message.PreSharedKeyId;
import dev.mlscustody.mls.message.ResumptionPskUsage;
import dev.mlscustody.mls.message.Welcome;
import dev.mlscustody.mls.schedule.EpochSecrets;
import dev.mlscustody.mls.schedule.KeySchedule;
import dev.mlscustody.mls.schedule.SecretTree;
import dev.mlscustody.mls.schedule.TranscriptHash;
import dev.mlscustody.mls.tree.GroupRequirements;
import dev.mlscustody.mls.tree.RatchetTree;
import dev.mlscustody.mls.tree.TreeValidator;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Joining from a Welcome, RFC 9420 §12.4.3.1, in two stages: {@link #decrypt} finds our entry,
 * opens GroupSecrets with the init key handle and decrypts the GroupInfo ({@link DecryptedWelcome});
 * {@link #stage} verifies the GroupInfo signature, the tree, the confirmation tag, derives the
 * epoch and yields an inert {@link StagedWelcome}.
 */
public final class WelcomeJoiner {
    private WelcomeJoiner() {
    }

    /** The Welcome opened for one of our KeyPackages: GroupSecrets and the (unverified) GroupInfo. */
    public record DecryptedWelcome(CipherSuite suite, GroupSecrets groupSecrets, byte[] pskSecret, GroupInfo groupInfo) {
        @Override
        public String toString() {
            return "DecryptedWelcome[" + groupInfo + "]";
        }

        /** §12.4.3.1: GroupInfo signature with the signer's key (known to the caller). */
        public boolean verifyGroupInfoSignature(byte[] signerKey) {
            return Crypto.verify(suite, signerKey, "GroupInfoTBS", groupInfo.encodeTbs(), groupInfo.signature());
        }

        /** The epoch secrets the GroupSecrets lead to (§8). */
        public EpochSecrets epochSecrets() {
            return KeySchedule.fromJoinerSecret(suite, groupSecrets.joinerSecret(), pskSecret,
                    groupInfo.groupContext().toBytes());
        }

        /** §12.4.3.1: confirmation_tag = MAC(confirmation_key, confirmed_transcript_hash). */
        public boolean verifyConfirmationTag() {
            return TranscriptHash.verifyConfirmationTag(suite, epochSecrets().confirmationKey(),
                    groupInfo.groupContext().confirmedTranscriptHash(), groupInfo.confirmationTag());
        }
    }

    static CipherSuite suiteOf(int id) throws ValidationException {
        try {
            return CipherSuite.of(id);
        } catch (UnsupportedCipherSuiteException e) {
            throw new ValidationException(WRONG_CIPHER_SUITE, "unsupported cipher suite " + id);
        }
    }

    /** First stage: our entry, GroupSecrets, PSKs, the GroupInfo decrypted (not yet verified). */
    public static DecryptedWelcome decrypt(Welcome welcome, KeyPackage keyPackage, HpkePrivateKey initKey,
                                           GroupEnvironment env) throws ValidationException, CryptoException {
        if (welcome.cipherSuite() != keyPackage.cipherSuite()) {
            throw new ValidationException(WRONG_CIPHER_SUITE, "Welcome cipher suite differs from the KeyPackage's");
        }
        CipherSuite suite = suiteOf(welcome.cipherSuite());
        byte[] ref = Crypto.keyPackageRef(suite, keyPackage.toBytes());
        EncryptedGroupSecrets entry = welcome.secretsFor(ref).orElseThrow(
                () -> new ValidationException(INVALID_WELCOME, "the Welcome has no entry for our KeyPackage"));
        GroupSecrets secrets;
        try {
            byte[] plain = Crypto.decrypt(suite, initKey, "Welcome", welcome.encryptedGroupInfo(),
                    entry.encryptedGroupSecrets());
            secrets = TlsReader.decodeAll(plain, GroupSecrets::decode);
        } catch (CryptoException e) {
            throw new ValidationException(INVALID_WELCOME, "cannot decrypt GroupSecrets", e);
        } catch (DecodeException e) {
            throw new ValidationException(INVALID_WELCOME, "malformed GroupSecrets");
        }
        if (secrets.joinerSecret().length != suite.hashLength()) {
            throw new ValidationException(INVALID_WELCOME, "joiner_secret has the wrong length");
        }
        long special = secrets.psks().stream().filter(p -> p instanceof PreSharedKeyId.Resumption r
                && r.usage() != ResumptionPskUsage.APPLICATION).count();
        if (special > 1) {
            throw new ValidationException(INVALID_WELCOME, "more than one reinit/branch resumption PSK");
        }
        byte[] pskSecret = Psks.secret(suite, secrets.psks(), env, (g, e) -> Optional.empty());
        byte[] welcomeSecret = KeySchedule.welcomeSecret(suite, secrets.joinerSecret(), pskSecret);
        GroupInfo groupInfo;
        try {
            byte[] plain = suite.open(KeySchedule.welcomeKey(suite, welcomeSecret),
                    KeySchedule.welcomeNonce(suite, welcomeSecret), new byte[0], welcome.encryptedGroupInfo());
            groupInfo = TlsReader.decodeAll(plain, GroupInfo::decode);
        } catch (CryptoException e) {
            throw new ValidationException(INVALID_WELCOME, "cannot decrypt the GroupInfo");
        } catch (DecodeException e) {
            throw new ValidationException(INVALID_GROUP_INFO, "malformed GroupInfo");
        } finally {
            Arrays.fill(welcomeSecret, (byte) 0);
        }
        return new DecryptedWelcome(suite, secrets, pskSecret, groupInfo);
    }

    /** Second stage: everything §12.4.3.1 asks to verify, and the new member's first epoch. */
    public static StagedWelcome stage(Welcome welcome, KeyPackageBundle bundle, Optional<RatchetTree> externalTree,
                                      GroupEnvironment env) throws ValidationException, CryptoException {
        DecryptedWelcome dw = decrypt(welcome, bundle.keyPackage(), bundle.initKey(), env);
        CipherSuite suite = dw.suite();
        GroupInfo gi = dw.groupInfo();
        if (gi.groupContext().cipherSuite() != bundle.keyPackage().cipherSuite()) {
            throw new ValidationException(WRONG_CIPHER_SUITE, "GroupInfo cipher suite differs from the KeyPackage's");
        }
        RatchetTree tree = treeOf(suite, gi, externalTree);
        // §12.4.3.1: the GroupInfo is signed by the leaf at index signer
        if (gi.signer() >= tree.leafCount() || tree.leafNode((int) gi.signer()).isEmpty()) {
            throw new ValidationException(INVALID_GROUP_INFO, "GroupInfo signer " + gi.signer() + " is not a member");
        }
        int signer = (int) gi.signer();
        if (!dw.verifyGroupInfoSignature(tree.leafNode(signer).orElseThrow().signatureKey())) {
            throw new ValidationException(BAD_SIGNATURE, "GroupInfo signature does not verify");
        }
        TreeValidator.validate(tree, gi.groupContext().groupId(), gi.groupContext().treeHash(),
                requirements(gi.groupContext().extensions(), env.config(), false));
        for (int leaf : tree.occupiedLeaves()) {
            var node = tree.leafNode(leaf).orElseThrow();
            env.credentials().validate(node.credential(), node.signatureKey());
        }
        int ownLeaf = tree.findLeaf(bundle.keyPackage().leafNode()).orElseThrow(
                () -> new ValidationException(INVALID_WELCOME, "our LeafNode is not in the tree"));
        // §13: a joiner that does not support every GroupContext extension treats the GroupInfo as invalid
        ProposalApplier.requireContextExtensionsSupported(bundle.keyPackage().leafNode().capabilities(),
                gi.groupContext().extensions(), INVALID_GROUP_INFO, "our KeyPackage");
        PrivateTreeKeys privateTree = TreeKem.joinerKeys(tree, ownLeaf, bundle.encryptionKey(), signer,
                dw.groupSecrets().pathSecret().map(PathSecret::pathSecret));
        EpochSecrets secrets = dw.epochSecrets();
        byte[] confirmed = gi.groupContext().confirmedTranscriptHash();
        if (!TranscriptHash.verifyConfirmationTag(suite, secrets.confirmationKey(), confirmed, gi.confirmationTag())) {
            throw new ValidationException(BAD_CONFIRMATION_TAG, "GroupInfo confirmation tag does not verify");
        }
        byte[] interim = TranscriptHash.interimHash(suite, confirmed, gi.confirmationTag());
        Optional<PreSharedKeyId.Resumption> special = dw.groupSecrets().psks().stream()
                .filter(p -> p instanceof PreSharedKeyId.Resumption r && r.usage() != ResumptionPskUsage.APPLICATION)
                .map(p -> (PreSharedKeyId.Resumption) p).findFirst();
        if (special.isPresent() && gi.groupContext().epoch() != 1) {
            throw new ValidationException(INVALID_WELCOME, "a reinit/branch Welcome must start at epoch 1");
        }
        SecretTree secretTree = new SecretTree(suite, secrets.encryptionSecret(), tree.leafCount(),
                Group.ratchetPolicy(env.config()));
        EpochState epoch = new EpochState(gi.groupContext(), tree, interim, gi.confirmationTag(), secrets, secretTree,
                privateTree);
        List<KeyId> destroy = bundle.lastResort() || KeyPackageFactory.isLastResort(bundle.keyPackage())
                ? List.of() : List.of(bundle.initKey().id());
        return new StagedWelcome(suite, epoch, gi, special, bundle.signatureKey(), destroy);
    }

    static RatchetTree treeOf(CipherSuite suite, GroupInfo gi, Optional<RatchetTree> external) throws ValidationException {
        Optional<Extension> ext = Extension.find(gi.extensions(), ExtensionType.RATCHET_TREE);
        if (ext.isPresent()) {
            try {
                return RatchetTree.decode(suite, ext.get().data());
            } catch (DecodeException e) {
                throw new ValidationException(ValidationException.Reason.INVALID_TREE, "malformed ratchet_tree extension");
            }
        }
        return external.orElseThrow(() -> new ValidationException(ValidationException.Reason.INVALID_TREE,
                "no ratchet tree: neither a ratchet_tree extension nor a tree supplied"));
    }

    /** What the group's required_capabilities and the lifetime policy ask of every leaf (§7.3, §11.1). */
    static GroupRequirements requirements(List<Extension> contextExtensions, GroupConfig config, boolean newLeaves)
            throws ValidationException {
        boolean check = switch (config.lifetimePolicy()) {
            case ENFORCE -> true;
            case ENFORCE_NEW_ONLY -> newLeaves;
            case IGNORE -> false;
        };
        GroupRequirements required = GroupRequirements.ofContext(contextExtensions);
        return check ? required.at(config.nowSeconds()) : required;
    }
}
