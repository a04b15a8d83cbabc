package dev.mlscustody.mls.group;

import dev.mlscustody.mls.crypto.HpkePrivateKey;
import dev.mlscustody.mls.crypto.KeyId;
import dev.mlscustody.mls.crypto.SignatureKey;
import dev.mlscustody.mls.message.KeyPackage;
import java.util.Objects;

/**
 * A KeyPackage we published, with the custody handles of its private parts (RFC 9420 §10): the
 * init key (used once to decrypt a Welcome), the leaf HPKE key and the signature key. The private
 * parts are never bytes; {@link #privateKeyIds()} is what a client stores beside the KeyPackage.
 *
 * @param lastResort the KeyPackage carries the last_resort extension: its init key is not
 *                   reported for destruction after a join
 */
public record KeyPackageBundle(KeyPackage keyPackage, HpkePrivateKey initKey, HpkePrivateKey encryptionKey,
                               SignatureKey signatureKey, boolean lastResort) {

    public KeyPackageBundle {
        Objects.requireNonNull(keyPackage, "keyPackage");
        Objects.requireNonNull(initKey, "initKey");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        Objects.requireNonNull(signatureKey, "signatureKey");
    }

    /** The key ids to store beside the KeyPackage, to find the handles again after a restart. */
    public PrivateKeyIds privateKeyIds() {
        return new PrivateKeyIds(initKey.id(), encryptionKey.id(), signatureKey.id());
    }

    /** The bundle again after a restart, from the KeyPackage and its stored key ids. */
    public static KeyPackageBundle restore(KeyPackage keyPackage, PrivateKeyIds ids, dev.mlscustody.mls.crypto.KeyCustody custody)
            throws dev.mlscustody.mls.crypto.KeyCustodyException {
        return new KeyPackageBundle(keyPackage, custody.findHpkeKey(ids.initKey()), custody.findHpkeKey(ids.encryptionKey()),
                custody.findSignatureKey(ids.signatureKey()), KeyPackageFactory.isLastResort(keyPackage));
    }

    /** The non-secret names of a KeyPackage's private keys in a {@code KeyCustody}. */
    public record PrivateKeyIds(KeyId initKey, KeyId encryptionKey, KeyId signatureKey) {
        public PrivateKeyIds {
            Objects.requireNonNull(initKey, "initKey");
            Objects.requireNonNull(encryptionKey, "encryptionKey");
            Objects.requireNonNull(signatureKey, "signatureKey");
        }
    }
}
