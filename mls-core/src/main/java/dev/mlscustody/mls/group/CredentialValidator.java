package dev.mlscustody.mls.group;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.message.BasicCredential;
import dev.mlscustody.mls.message.Credential;
import dev.mlscustody.mls.message.X509Credential;

/**
 * The authentication service hook (RFC 9420 §5.3.1, RFC 9750 §4): decides whether a credential
 * is acceptable and bound to the signature key that appears beside it in a LeafNode. Called for
 * every leaf that enters our view of the tree (join, Add, Update, commit path, external commit).
 */
@FunctionalInterface
public interface CredentialValidator {

    /**
     * @throws ValidationException with reason {@code INVALID_CREDENTIAL} if the credential is not
     *                             acceptable for this signature key
     */
    void validate(Credential credential, byte[] signatureKey) throws ValidationException;

    /** Accepts every basic credential and rejects X.509 ones (tests, vectors, closed deployments). */
    static CredentialValidator acceptBasic() {
        return (credential, key) -> {
            switch (credential) {
                case BasicCredential b -> { }
                case X509Credential x -> throw new ValidationException(ValidationException.Reason.INVALID_CREDENTIAL,
                        "X.509 credentials are not accepted by this validator");
            }
        };
    }

    /** Accepts any credential (passive-client vectors, which carry arbitrary credentials). */
    static CredentialValidator acceptAll() {
        return (credential, key) -> { };
    }

    /** Dispatches basic credentials to {@code basic} and X.509 credentials to {@code x509}. */
    static CredentialValidator byType(CredentialValidator basic, CredentialValidator x509) {
        return (credential, key) -> {
            switch (credential) {
                case BasicCredential b -> basic.validate(credential, key);
                case X509Credential x -> x509.validate(credential, key);
            }
        };
    }
}
