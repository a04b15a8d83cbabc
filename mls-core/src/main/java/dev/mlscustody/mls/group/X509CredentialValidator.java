package dev.mlscustody.mls.group;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.message.BasicCredential;
import dev.mlscustody.mls.message.Credential;
import dev.mlscustody.mls.message.X509Credential;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * RFC 9420 §5.3 X.509 credentials: the chain (end-entity first) must validate to one of the
 * configured trust anchors with the JDK's PKIX {@link CertPathValidator}, and the end-entity
 * certificate's public key must be the LeafNode's signature key (§5.3.1: "the signature key in
 * the LeafNode MUST match the public key in the credential"). Revocation checking is off by
 * default (no network from the core); enable it through {@link #withRevocation(boolean)}.
 */
public final class X509CredentialValidator implements CredentialValidator {
    private final Set<TrustAnchor> anchors;
    private final Clock clock;
    private final boolean revocation;

    public X509CredentialValidator(Set<X509Certificate> trustAnchors, Clock clock) {
        this(toAnchors(trustAnchors), clock, false);
    }

    private X509CredentialValidator(Set<TrustAnchor> anchors, Clock clock, boolean revocation) {
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is required");
        }
        this.anchors = anchors;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.revocation = revocation;
    }

    private static Set<TrustAnchor> toAnchors(Set<X509Certificate> certs) {
        Set<TrustAnchor> out = new java.util.HashSet<>();
        for (X509Certificate c : certs) {
            out.add(new TrustAnchor(c, null));
        }
        return Set.copyOf(out);
    }

    public X509CredentialValidator withRevocation(boolean enabled) {
        return new X509CredentialValidator(anchors, clock, enabled);
    }

    @Override
    public void validate(Credential credential, byte[] signatureKey) throws ValidationException {
        switch (credential) {
            case BasicCredential b -> throw invalid("basic credential where an X.509 credential is required");
            case X509Credential x -> validateChain(x, signatureKey);
        }
    }

    private void validateChain(X509Credential credential, byte[] signatureKey) throws ValidationException {
        if (credential.certificates().isEmpty()) {
            throw invalid("empty X.509 certificate chain");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : credential.certificates()) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw invalid("malformed X.509 certificate");
        }
        // Drop a trailing self-signed root that is also a trust anchor: PKIX wants the path without it.
        List<X509Certificate> path = new ArrayList<>(chain);
        if (path.size() > 1 && isAnchor(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            CertPath certPath = cf.generateCertPath(path);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(revocation);
            params.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw invalid("X.509 chain does not validate to a trust anchor");
        }
        byte[] leafKey = rawPublicKey(chain.get(0));
        if (leafKey == null || !MessageDigest.isEqual(leafKey, signatureKey)) {
            throw invalid("end-entity certificate key differs from the leaf signature key");
        }
    }

    private boolean isAnchor(X509Certificate cert) {
        for (TrustAnchor a : anchors) {
            if (a.getTrustedCert() != null && a.getTrustedCert().equals(cert)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The key in the MLS SignaturePublicKey form: the subjectPublicKey BIT STRING content, which is
     * the raw RFC 8032 key for Ed25519/Ed448 and the SEC1 point for ECDSA.
     */
    static byte[] rawPublicKey(X509Certificate cert) {
        try {
            return SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded()).getPublicKeyData().getBytes();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ValidationException invalid(String why) {
        return new ValidationException(ValidationException.Reason.INVALID_CREDENTIAL, why);
    }
}
