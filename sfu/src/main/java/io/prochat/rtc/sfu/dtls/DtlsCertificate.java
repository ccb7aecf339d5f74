package io.prochat.rtc.sfu.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Our DTLS identity: a self-signed ECDSA P-256 certificate (the WebRTC mandatory-to-implement curve, and what Chrome
 * uses) signed with SHA256withECDSA, and its SHA-256 fingerprint for {@code a=fingerprint}.
 *
 * <p>Immutable. A session snapshots the certificate it started with, so rotating the process certificate never
 * changes the identity of a live call. Validity starts a day in the past (as libwebrtc does); browsers check only the
 * fingerprint.
 */
public final class DtlsCertificate {
    /** One BouncyCastle crypto provider for the process; it is thread-safe. Lean: see {@link LeanTlsCrypto}. */
    static final BcTlsCrypto CRYPTO = new LeanTlsCrypto(new SecureRandom());

    private final AsymmetricKeyParameter privateKey;
    private final Certificate chain;
    private final byte[] der;
    private final Fingerprint fingerprint;
    private final Instant notAfter;

    private DtlsCertificate(AsymmetricKeyParameter privateKey, byte[] der, Instant notAfter) {
        this.privateKey = privateKey;
        this.der = der.clone();
        this.chain = new Certificate(new TlsCertificate[] {new BcTlsCertificate(CRYPTO, parse(der))});
        this.fingerprint = Fingerprint.of("sha-256", der);
        this.notAfter = notAfter;
    }

    /** Generates a new key pair and certificate valid for {@code validity} from now. */
    public static DtlsCertificate generate(String commonName, Duration validity) {
        // Named-curve parameters, so the SubjectPublicKeyInfo says prime256v1 by OID: BoringSSL refuses explicit ones.
        X9ECParameters curve = ECNamedCurveTable.getByName("P-256");
        ECDomainParameters domain = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, curve);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(domain, CRYPTO.getSecureRandom()));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();
        try {
            Instant now = Instant.now();
            Instant notAfter = now.plus(validity);
            X500Name name = new X500Name("CN=" + commonName);
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic());
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name,
                    new BigInteger(64, CRYPTO.getSecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(notAfter), name, spki);
            AlgorithmIdentifier sigAlg = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digAlg = new DefaultDigestAlgorithmIdentifierFinder().find(sigAlg);
            ContentSigner signer = new BcECContentSignerBuilder(sigAlg, digAlg).build(keyPair.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            return new DtlsCertificate(keyPair.getPrivate(), holder.getEncoded(), notAfter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate with the defaults: CN "ProChat RTC", valid 30 days. */
    public static DtlsCertificate generate() {
        return generate("ProChat RTC", Duration.ofDays(30));
    }

    /** SHA-256 fingerprint of the DER encoding, for {@code a=fingerprint}. */
    public Fingerprint fingerprint() {
        return fingerprint;
    }

    public byte[] der() {
        return der.clone();
    }

    public Instant notAfter() {
        return notAfter;
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    Certificate chain() {
        return chain;
    }

    private static org.bouncycastle.asn1.x509.Certificate parse(byte[] der) {
        return org.bouncycastle.asn1.x509.Certificate.getInstance(der);
    }
}
