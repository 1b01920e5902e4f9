package io.jvtpm.examples.setup;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;

/**
 * The CA that signs the EK and platform certificates (the role of swtpm_localca): a private key
 * and its certificate read from PEM files, or created once in a directory and kept there. Issues
 * X.509 v3 certificates as the TCG EK Credential Profile for TPM Family 2.0 (3.2) describes them.
 */
public final class CertificateAuthority {
    /** tcg-at-tpmManufacturer, tcg-at-tpmModel, tcg-at-tpmVersion (EK profile 3.2.9). */
    static final ASN1ObjectIdentifier TPM_MANUFACTURER = new ASN1ObjectIdentifier("2.23.133.2.1");
    static final ASN1ObjectIdentifier TPM_MODEL = new ASN1ObjectIdentifier("2.23.133.2.2");
    static final ASN1ObjectIdentifier TPM_VERSION = new ASN1ObjectIdentifier("2.23.133.2.3");
    /** tcg-at-platformManufacturerStr, tcg-at-platformModel, tcg-at-platformVersion (Platform Certificate Profile). */
    static final ASN1ObjectIdentifier PLATFORM_MANUFACTURER = new ASN1ObjectIdentifier("2.23.133.5.1.1");
    static final ASN1ObjectIdentifier PLATFORM_MODEL = new ASN1ObjectIdentifier("2.23.133.5.1.4");
    static final ASN1ObjectIdentifier PLATFORM_VERSION = new ASN1ObjectIdentifier("2.23.133.5.1.5");
    /** tcg-kp-EKCertificate and tcg-kp-PlatformCertificate. */
    static final KeyPurposeId EK_CERTIFICATE = KeyPurposeId.getInstance(new ASN1ObjectIdentifier("2.23.133.8.1"));
    static final KeyPurposeId PLATFORM_CERTIFICATE = KeyPurposeId.getInstance(new ASN1ObjectIdentifier("2.23.133.8.2"));
    /** The directory a created CA is kept in, inside the state directory. */
    public static final String LOCAL_CA_DIR = "jvtpm-localca";
    static final String KEY_FILE = "signing-key.pem";
    static final String CERT_FILE = "issuer-cert.pem";

    private static final Date NO_EXPIRY = Date.from(ZonedDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC)
            .toInstant());

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final SecureRandom random = new SecureRandom();

    private CertificateAuthority(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** The CA's certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Reads the CA's private key and certificate from PEM files. */
    public static CertificateAuthority load(Path keyFile, Path certFile) throws IOException {
        PrivateKey key = readKey(keyFile);
        X509Certificate cert = readCertificate(certFile);
        return new CertificateAuthority(key, cert);
    }

    /** The CA kept in {@code dir} (its files), created there (ECC P-384, self-signed) when absent. */
    public static CertificateAuthority localIn(Path dir) throws IOException {
        Path keyFile = dir.resolve(KEY_FILE);
        Path certFile = dir.resolve(CERT_FILE);
        if (Files.exists(keyFile) && Files.exists(certFile)) {
            return load(keyFile, certFile);
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            KeyPair pair = g.generateKeyPair();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "jvtpm local CA").build();
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(new SecureRandom()),
                    Date.from(now), NO_EXPIRY, name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = toX509(b.build(new JcaContentSignerBuilder(signatureAlgorithm(pair.getPrivate()))
                    .build(pair.getPrivate())));
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            writePrivate(keyFile, pkcs8Pem(pair.getPrivate()));
            Files.writeString(certFile, pem(cert), StandardCharsets.US_ASCII);
            return new CertificateAuthority(pair.getPrivate(), cert);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create a CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Identity fields of the TPM named in a certificate's subjectAltName. */
    public record TpmIdentity(String manufacturer, String model, String version) {
    }

    /**
     * An EK certificate (EK profile 3.2) for {@code ekPublic}: subject CN={@code vmid} (or
     * "unknown"), subjectAltName with the TPM's manufacturer, model and version, not a CA, key
     * usage keyEncipherment (RSA) or keyAgreement (ECC), extended key usage tcg-kp-EKCertificate.
     */
    public X509Certificate issueEk(PublicKey ekPublic, String vmid, TpmIdentity tpm) throws IOException {
        int usage = ekPublic.getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement;
        GeneralNames san = directoryName(TPM_MANUFACTURER, tpm.manufacturer(), TPM_MODEL, tpm.model(),
                TPM_VERSION, tpm.version());
        return issue(ekPublic, vmid, san, new KeyUsage(usage), EK_CERTIFICATE);
    }

    /**
     * A platform certificate as swtpm_localca issues one: an X.509 certificate for the EK's key
     * whose subjectAltName names the platform's manufacturer, model and version, extended key
     * usage tcg-kp-PlatformCertificate.
     */
    public X509Certificate issuePlatform(PublicKey ekPublic, String vmid, TpmIdentity platform) throws IOException {
        GeneralNames san = directoryName(PLATFORM_MANUFACTURER, platform.manufacturer(), PLATFORM_MODEL,
                platform.model(), PLATFORM_VERSION, platform.version());
        return issue(ekPublic, vmid, san, new KeyUsage(KeyUsage.digitalSignature), PLATFORM_CERTIFICATE);
    }

    private X509Certificate issue(PublicKey subjectKey, String vmid, GeneralNames san, KeyUsage usage,
            KeyPurposeId purpose) throws IOException {
        try {
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, vmid == null || vmid.isEmpty() ? "unknown" : vmid).build();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random),
                    Date.from(Instant.now()), NO_EXPIRY, subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, usage)
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectAlternativeName, false, san)
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(certificate));
            return toX509(b.build(new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot issue a certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames directoryName(ASN1ObjectIdentifier o1, String v1, ASN1ObjectIdentifier o2, String v2,
            ASN1ObjectIdentifier o3, String v3) {
        X500Name dn = new X500NameBuilder(BCStyle.INSTANCE)
                .addMultiValuedRDN(new ASN1ObjectIdentifier[] {o1, o2, o3},
                        new org.bouncycastle.asn1.ASN1Encodable[] {
                            new DERUTF8String(v1), new DERUTF8String(v2), new DERUTF8String(v3)})
                .build();
        return new GeneralNames(new GeneralName(dn));
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA384withECDSA";
    }

    /** A positive 64-bit serial number. */
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(64, random).setBit(62);
    }

    private static X509Certificate toX509(X509CertificateHolder holder) throws CertificateException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (PEMParser p = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            Object o = p.readObject();
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return c.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return c.getPrivateKey(info);
            }
            throw new IOException(file + " holds no unencrypted PEM private key");
        }
    }

    private static X509Certificate readCertificate(Path file) throws IOException {
        try (PEMParser p = new PEMParser(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            Object o = p.readObject();
            if (o instanceof X509CertificateHolder h) {
                return toX509(h);
            }
            throw new IOException(file + " holds no PEM certificate");
        } catch (CertificateException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The PEM text of a key or certificate. */
    public static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }

    /** A private key as PEM PKCS#8 ("PRIVATE KEY"), as openssl genpkey writes it. */
    static String pkcs8Pem(PrivateKey key) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(new JcaPKCS8Generator(key, null).generate());
        }
        return s.toString();
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
