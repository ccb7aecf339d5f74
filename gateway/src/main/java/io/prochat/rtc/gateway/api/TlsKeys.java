package io.prochat.rtc.gateway.api;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * A key store for Jetty from the PEM files operators have (Let's Encrypt's fullchain.pem and privkey.pem, or
 * openssl's output): the chain as written, the key in PKCS#8 or the older RSA/EC forms (BouncyCastle reads them all).
 */
public final class TlsKeys {
    /** The in-memory store's password: it never leaves this process. */
    static final char[] PASSWORD = "prochat-rtc".toCharArray();

    private TlsKeys() {
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    public static KeyStore load(Path certFile, Path keyFile) {
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(certFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            chain = certs.toArray(new Certificate[0]);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("[HTTP] TLSCertFile " + certFile + ": cannot be read as PEM certificates ("
                    + e.getMessage() + ")");
        }
        if (chain.length == 0) {
            throw new IllegalArgumentException("[HTTP] TLSCertFile " + certFile + ": holds no certificate");
        }
        PrivateKey key;
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            Object o = pem.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                key = converter.getKeyPair(pair).getPrivate();
            } else if (o instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else {
                throw new IllegalArgumentException("[HTTP] TLSKeyFile " + keyFile
                        + ": holds no unencrypted private key (PEM \"PRIVATE KEY\", \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\")");
            }
        } catch (IOException e) {
            // the message names the file only: a key's content never goes into a message
            throw new IllegalArgumentException("[HTTP] TLSKeyFile " + keyFile + ": cannot be read (" + e.getClass()
                    .getSimpleName() + ")");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("prochat-rtc", key, PASSWORD, chain);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("[HTTP] TLSKeyFile " + keyFile + " does not go with TLSCertFile "
                    + certFile + ": " + e.getMessage());
        }
    }
}
