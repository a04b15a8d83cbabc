package dev.mlscustody.pkcs11;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Carrier certificates for SunPKCS11 KeyStore entries: the PKCS11 KeyStore refuses a private-key
 * entry without a certificate chain, and the certificate is where the public key and the key's
 * kind/curve (in the subject CN) live after a restart. Not used for trust.
 */
final class SelfSignedCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSignedCertificates() {
    }

    /**
     * A certificate for {@code subjectKey} named {@code CN=cn}, signed by {@code signer} (with
     * {@code signerProvider}) using {@code sigAlg}.
     */
    static X509Certificate create(PublicKey subjectKey, String cn, PrivateKey signer, Provider signerProvider, String sigAlg)
            throws GeneralSecurityException {
        X500Name name = new X500Name("CN=" + cn);
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                name, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(365L * 100))),
                name, subjectKey);
        try {
            ContentSigner cs = new JcaContentSignerBuilder(sigAlg).setProvider(signerProvider).build(signer);
            return new JcaX509CertificateConverter().getCertificate(b.build(cs));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot build certificate signer", e);
        } catch (RuntimeException e) {
            // BC wraps signer failures (e.g. a token error) in RuntimeExceptions
            throw new GeneralSecurityException("cannot sign certificate", e);
        }
    }
}
