package dev.mlscustody.mls.group;

import static dev.mlscustody.mls.ValidationException.Reason.INVALID_CREDENTIAL;
import static dev.mlscustody.mls.ValidationException.Reason.INVALID_LEAF_NODE;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.codec.DecodeException;
import dev.mlscustody.mls.crypto.CipherSuite;
import dev.mlscustody.mls.message.CredentialType;
import dev.mlscustody.mls.message.Extension;
import dev.mlscustody.mls.message.ExtensionType;
import dev.mlscustody.mls.message.RequiredCapabilities;
import dev.mlscustody.mls.tree.LeafNode;
import dev.mlscustody.mls.tree.LeafNodeSource;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Leaf node validation, RFC 9420 §7.3, against one view of the group: the checks that need the
 * other members (credential types, uniqueness of keys) use indexes built once from the tree, so
 * validating n new leaves costs O(n), not O(n * group size).
 */
final class LeafNodeChecks {
    /** Which rule of §7.3 on lifetimes applies to the leaf being checked. */
    enum Lifetimes { CHECK, SKIP }

    private final CipherSuite suite;
    private final byte[] groupId;
    private final Optional<RequiredCapabilities> required;
    private final CredentialValidator credentials;
    private final long nowSeconds;
    private final Map<ByteBuffer, Integer> encryptionKeys = new HashMap<>();
    private final Map<ByteBuffer, Integer> signatureKeys = new HashMap<>();
    private final Map<Integer, LeafNode> leaves = new HashMap<>();
    /** credential type -> number of members using it. */
    private final Map<CredentialType, Integer> typesInUse = new HashMap<>();
    /** credential type -> number of members whose capabilities list it. */
    private final Map<CredentialType, Integer> typesSupported = new HashMap<>();

    LeafNodeChecks(CipherSuite suite, byte[] groupId, List<Extension> contextExtensions, MemberView view,
                   CredentialValidator credentials, long nowSeconds) throws ValidationException {
        this.suite = suite;
        this.groupId = groupId;
        this.required = requiredCapabilities(contextExtensions);
        this.credentials = credentials;
        this.nowSeconds = nowSeconds;
        for (int i = 0; i < view.leafCount(); i++) {
            Optional<LeafNode> leaf = view.leaf(i);
            if (leaf.isPresent()) {
                index(i, leaf.get());
            }
        }
    }

    static Optional<RequiredCapabilities> requiredCapabilities(List<Extension> extensions)
            throws ValidationException {
        Optional<Extension> ext = Extension.find(extensions, ExtensionType.REQUIRED_CAPABILITIES);
        if (ext.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(RequiredCapabilities.fromExtension(ext.get()));
        } catch (DecodeException e) {
            throw new ValidationException(ValidationException.Reason.INVALID_PROPOSAL,
                    "malformed required_capabilities extension");
        }
    }

    private void index(int leafIndex, LeafNode leaf) {
        leaves.put(leafIndex, leaf);
        typesInUse.merge(leaf.credential().type(), 1, Integer::sum);
        for (CredentialType t : new HashSet<>(leaf.capabilities().credentials())) {
            typesSupported.merge(t, 1, Integer::sum);
        }
        encryptionKeys.put(ByteBuffer.wrap(leaf.encryptionKey()), leafIndex);
        signatureKeys.put(ByteBuffer.wrap(leaf.signatureKey()), leafIndex);
    }

    /** Records that {@code leafIndex} now holds {@code leaf} (after an Add, Update or path). */
    void replace(int leafIndex, LeafNode leaf) {
        remove(leafIndex);
        index(leafIndex, leaf);
    }

    /** Records that {@code leafIndex} is now blank. */
    void remove(int leafIndex) {
        LeafNode old = leaves.remove(leafIndex);
        if (old != null) {
            typesInUse.merge(old.credential().type(), -1, Integer::sum);
            for (CredentialType t : new HashSet<>(old.capabilities().credentials())) {
                typesSupported.merge(t, -1, Integer::sum);
            }
            encryptionKeys.remove(ByteBuffer.wrap(old.encryptionKey()), leafIndex);
            signatureKeys.remove(ByteBuffer.wrap(old.signatureKey()), leafIndex);
        }
    }

    /** True if some node other than {@code exceptLeaf} has this encryption key among the leaves. */
    boolean encryptionKeyInUse(byte[] key, int exceptLeaf) {
        Integer at = encryptionKeys.get(ByteBuffer.wrap(key));
        return at != null && at != exceptLeaf;
    }

    /**
     * Every §7.3 check for a leaf that is to sit at {@code leafIndex} (for source key_package the
     * index is only used for the uniqueness checks; -1 for a leaf not yet placed).
     */
    void validate(LeafNode leaf, LeafNodeSource expectedSource, int leafIndex, Lifetimes lifetimes)
            throws ValidationException {
        validateWithoutSignature(leaf, expectedSource, leafIndex, lifetimes);
        verifySignature(leaf, leafIndex);
    }

    void validateWithoutSignature(LeafNode leaf, LeafNodeSource expectedSource, int leafIndex, Lifetimes lifetimes)
            throws ValidationException {
        if (leaf.source() != expectedSource) {
            throw invalid("leaf_node_source is " + leaf.source() + ", expected " + expectedSource);
        }
        try {
            credentials.validate(leaf.credential(), leaf.signatureKey());
        } catch (ValidationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ValidationException(INVALID_CREDENTIAL, "credential validation failed");
        }
        CredentialType credentialType = leaf.credential().type();
        if (!leaf.capabilities().supportsCredential(credentialType)) {
            throw invalid("capabilities do not list the leaf's own credential type " + credentialType);
        }
        if (required.isPresent()) {
            RequiredCapabilities rc = required.get();
            for (ExtensionType t : rc.extensionTypes()) {
                if (!t.isDefaultType() && !leaf.capabilities().supportsExtension(t)) {
                    throw invalid("leaf does not support required extension " + t);
                }
            }
            for (int p : rc.proposalTypes()) {
                if (p > 7 && !leaf.capabilities().supportsProposal(p)) {
                    throw invalid("leaf does not support required proposal type " + p);
                }
            }
            for (CredentialType c : rc.credentialTypes()) {
                if (!leaf.capabilities().supportsCredential(c)) {
                    throw invalid("leaf does not support required credential type " + c);
                }
            }
        }
        // Every other member supports our credential type, and we support every type in use (§7.3).
        LeafNode replaced = leaves.get(leafIndex);
        int others = leaves.size() - (replaced == null ? 0 : 1);
        int supportingOthers = typesSupported.getOrDefault(credentialType, 0)
                - (replaced != null && replaced.capabilities().supportsCredential(credentialType) ? 1 : 0);
        if (supportingOthers < others) {
            throw invalid("some member does not support credential type " + credentialType);
        }
        for (Map.Entry<CredentialType, Integer> inUse : typesInUse.entrySet()) {
            int count = inUse.getValue()
                    - (replaced != null && replaced.credential().type().equals(inUse.getKey()) ? 1 : 0);
            if (count > 0 && !leaf.capabilities().supportsCredential(inUse.getKey())) {
                throw invalid("leaf does not support credential type " + inUse.getKey() + " in use");
            }
        }
        if (lifetimes == Lifetimes.CHECK && leaf.lifetime().isPresent() && !leaf.lifetime().get().contains(nowSeconds)) {
            throw invalid("lifetime does not contain the current time");
        }
        for (Extension e : leaf.extensions()) {
            if (!e.type().isDefaultType() && !leaf.capabilities().supportsExtension(e.type())) {
                throw invalid("leaf extension " + e.type() + " is not listed in its capabilities");
            }
        }
        Integer enc = encryptionKeys.get(ByteBuffer.wrap(leaf.encryptionKey()));
        if (enc != null && enc != leafIndex) {
            throw invalid("encryption_key is already used by leaf " + enc);
        }
        Integer sig = signatureKeys.get(ByteBuffer.wrap(leaf.signatureKey()));
        if (sig != null && sig != leafIndex) {
            throw invalid("signature_key is already used by leaf " + sig);
        }
    }

    /** §7.2: SignWithLabel(., "LeafNodeTBS", LeafNodeTBS) with group_id and leaf_index for update/commit. */
    void verifySignature(LeafNode leaf, int leafIndex) throws ValidationException {
        verifyLeafSignature(suite, groupId, leaf, leafIndex);
    }

    static void verifyLeafSignature(CipherSuite suite, byte[] groupId, LeafNode leaf, int leafIndex)
            throws ValidationException {
        byte[] tbs = leaf.source() == LeafNodeSource.KEY_PACKAGE ? leaf.encodeTbs(null, 0)
                : leaf.encodeTbs(groupId, leafIndex);
        if (!Crypto.verify(suite, leaf.signatureKey(), "LeafNodeTBS", tbs, leaf.signature())) {
            throw new ValidationException(ValidationException.Reason.BAD_SIGNATURE, "LeafNode signature does not verify");
        }
    }

    /** Leaves the checks know of, for callers that need the indexes (e.g. resync, duplicates). */
    Set<Integer> knownLeaves() {
        return new HashSet<>(leaves.keySet());
    }

    private static ValidationException invalid(String why) {
        return new ValidationException(INVALID_LEAF_NODE, why);
    }
}
