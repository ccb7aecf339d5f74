package io.prochat.rtc.gateway.api;

import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.RoutingMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** [HTTP] TLSCertFile/TLSKeyFile: the API serves HTTPS itself with a self-signed certificate openssl makes here. */
class TlsListenerTest {
    @TempDir
    Path dir;
    private TestGateway gw;

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertEquals(0, p.exitValue(), out);
    }

    private Path selfSigned(String name, String... keyOpts) throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", name + ".key", "-out", name + ".crt");
        if (keyOpts.length > 0) {
            List<String> conv = new java.util.ArrayList<>(List.of("rsa", "-in", name + ".key", "-out", name + ".key"));
            conv.addAll(List.of(keyOpts));
            openssl(conv.toArray(String[]::new));
        }
        return dir.resolve(name + ".crt");
    }

    private HttpClient trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("gw", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    private GatewayConfig withTls(Path cert, Path key) {
        GatewayConfig c = TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        return new GatewayConfig(c.http().withTls(cert.toString(), key.toString()), c.rtc(), c.logger(), c.store(),
                c.gateway(), c.jitsi(), c.mattermost());
    }

    @Test
    void theApiAnswersOverHttpsAndNotOverPlainHttp() throws Exception {
        Path cert = selfSigned("gw");
        gw = TestGateway.start(withTls(cert, dir.resolve("gw.key")), TestGateway.API_KEY, false);

        HttpResponse<String> health = trusting(cert).send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + gw.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertThat(health.body()).contains("\"status\":\"ok\"");

        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gw.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(withTls(cert, dir.resolve("gw.key")).gateway().effectivePublicUrl(withTls(cert,
                dir.resolve("gw.key")).http())).startsWith("https://");
    }

    @Test
    void anOlderRsaKeyFormWorksAndAWrongKeyIsNamedWithoutItsContent() throws Exception {
        Path cert = selfSigned("old", "-traditional");
        assertThat(Files.readString(dir.resolve("old.key"))).contains("BEGIN RSA PRIVATE KEY");
        assertThat(TlsKeys.load(cert, dir.resolve("old.key")).size()).isEqualTo(1);

        Path notAKey = Files.writeString(dir.resolve("bad.key"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TlsKeys.load(cert, notAKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("[HTTP] TLSKeyFile " + notAKey).hasMessageNotContaining("AAAA");
        assertThatThrownBy(() -> TlsKeys.load(dir.resolve("missing.crt"), notAKey))
                .hasMessageStartingWith("[HTTP] TLSCertFile " + dir.resolve("missing.crt"));
    }
}
