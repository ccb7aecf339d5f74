package io.prochat.rtc.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RtcdLayoutTest {
    @TempDir
    Path dir;

    @Test
    void anRtcdLayoutFileMapsOntoTheSameModelAsTheGuidesFile() {
        List<String> warnings = new ArrayList<>();
        GatewayConfig rtcd = ConfigLoader.load(ConfigFiles.resource("rtcd-layout.toml"), Map.of(), warnings::add);
        GatewayConfig guide = ConfigLoader.load(ConfigFiles.resource("deployment-guide-option-a.toml"), Map.of());

        // rtcd's file_json = true is kept (the guide's layout writes FileJSON for it); the rest is the same
        LoggerConfig l = guide.logger();
        GatewayConfig guideWithJson = new GatewayConfig(guide.http(), guide.rtc(), new LoggerConfig(l.enableConsole(),
                l.consoleLevel(), l.enableFile(), l.fileLocation(), l.fileLevel(), false, true, l.fileMaxSizeMB(),
                l.fileMaxBackups()), guide.store(), guide.gateway(), guide.jitsi(), guide.mattermost());
        assertThat(rtcd).isEqualTo(guideWithJson);
        assertThat(warnings).singleElement().asString()
                .contains("[rtc] udp_sockets_count",
                        "[logger] enable_color", "[api] http.tls.cert_file")
                .doesNotContain("listen_address", "ice_port_udp", "http.tls.enable", "security.", "turn.", "_json");
    }

    @Test
    void listenAddressWithoutHostMeansAllInterfacesAndIceServersComeInBothForms() {
        GatewayConfig c = ConfigFiles.load(dir, """
                [api]
                http.listen_address = ":8045"
                [rtc]
                ice_port_udp = 8443
                ice_port_tcp = 8443
                ice_servers = ["stun:stun.example.org:3478", { urls = ["turn:turn.example.org:3478"], \
                username = "u", credential = "c" }, { urls = "stuns:stun.example.org:5349" }]
                [Gateway]
                Mode = "hybrid"
                EndEmptyCallsAfterMinutes = 5
                """);

        assertThat(c.http().serverAddress()).isEqualTo("0.0.0.0");
        assertThat(c.http().serverPort()).isEqualTo(8045);
        assertThat(c.rtc().icePortUdp()).isEqualTo(8443);
        assertThat(c.gateway().endEmptyCallsAfterMinutes()).isEqualTo(5);
        assertThat(c.rtc().iceServers()).containsExactly(
                IceServer.of("stun:stun.example.org:3478"),
                new IceServer(List.of("turn:turn.example.org:3478"), "u", "c"),
                IceServer.of("stuns:stun.example.org:5349"));
    }

    @Test
    void ipv6ListenAddressAndNestedTableSpelling() {
        GatewayConfig c = ConfigFiles.load(dir, """
                [api.http]
                listen_address = "[::1]:9000"
                """);

        assertThat(c.http().serverAddress()).isEqualTo("::1");
        assertThat(c.gateway().effectivePublicUrl(c.http())).isEqualTo("http://[::1]:9000");
    }

    @Test
    void missingPortsTakeRtcdsOwnDefaults() {
        GatewayConfig c = ConfigFiles.load(dir, """
                [store]
                data_source = "/tmp/rtcd_db"
                """);

        assertThat(c.http().serverAddress()).isEqualTo("0.0.0.0");
        assertThat(c.http().serverPort()).isEqualTo(8045);
        assertThat(c.rtc().icePortUdp()).isEqualTo(8443);
        assertThat(c.rtc().icePortTcp()).isEqualTo(8443);
        assertThat(c.store().dataSource()).isEqualTo("/tmp/rtcd_db");
    }

    @Test
    void environmentUsesOurNamesOverAnRtcdFile() {
        GatewayConfig c = ConfigLoader.load(ConfigFiles.resource("rtcd-layout.toml"),
                Map.of("PROCHAT_HTTP_SERVERPORT", "9443", "PROCHAT_RTC_ICEPORTUDP", "10001"));

        assertThat(c.http().serverPort()).isEqualTo(9443);
        assertThat(c.http().serverAddress()).isEqualTo("0.0.0.0");
        assertThat(c.rtc().icePortUdp()).isEqualTo(10001);
    }

    @Test
    void tlsEnabledWithBothFilesIsServedFromThem() throws Exception {
        GatewayConfig c = ConfigFiles.load(dir, """
                [api]
                http.listen_address = "127.0.0.1:8445"
                http.tls.enable = true
                http.tls.cert_file = "/etc/ssl/cert.pem"
                http.tls.cert_key = "/etc/ssl/key.pem"
                """);

        assertThat(c.http().tlsCertFile()).isEqualTo("/etc/ssl/cert.pem");
        assertThat(c.http().tlsKeyFile()).isEqualTo("/etc/ssl/key.pem");
        assertThat(c.gateway().effectivePublicUrl(c.http())).isEqualTo("https://127.0.0.1:8445");
        assertThat(ConfigFiles.load(dir, """
                [api]
                http.tls.enable = false
                http.tls.cert_file = "/etc/ssl/cert.pem"
                http.tls.cert_key = "/etc/ssl/key.pem"
                """).http().tls()).as("files without enable = true are not used, as in rtcd").isFalse();
    }

    @Test
    void tlsEnabledWithoutBothFilesIsRefusedWithAPointerToNginx() {
        assertThatThrownBy(() -> ConfigFiles.load(dir, """
                [api]
                http.listen_address = ":8443"
                http.tls.enable = true
                http.tls.cert_file = "/etc/ssl/cert.pem"
                """))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("api.http.tls.enable");
                    assertThat(e.getMessage()).startsWith("[api] http.tls.enable = true: ").contains("nginx");
                });
    }

    @Test
    void mixingTheTwoLayoutsNamesBothSections() {
        assertThatThrownBy(() -> ConfigFiles.load(dir, """
                [HTTP]
                ServerPort = 8443
                [api]
                http.listen_address = ":8045"
                """))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("api");
                    assertThat(e.getMessage()).contains("[HTTP]", "[api]", "cannot be mixed");
                });
    }

    @Test
    void anRtcdErrorNamesTheRtcdKey() {
        assertThatThrownBy(() -> ConfigFiles.load(dir, """
                [api]
                http.listen_address = ":70000"
                """))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("api.http.listen_address");
                    assertThat(e.getMessage())
                            .isEqualTo("[api] http.listen_address = \":70000\": must be a port between 1 and 65535");
                });
    }

    @Test
    void rtcdSecurityKeysAreRealSettingsAndTheSecretIsNeverShown() {
        List<String> warnings = new ArrayList<>();
        GatewayConfig c = ConfigFiles.load(dir, """
                [api]
                http.listen_address = ":8045"
                security.enable_admin = true
                security.admin_secret_key = "adm1n-s3cret-value"
                security.session_cache.expiration_minutes = 30
                """, Map.of(), warnings);

        assertThat(c.http().enableAdmin()).isTrue();
        assertThat(c.http().adminSecretKey()).isEqualTo("adm1n-s3cret-value");
        assertThat(c.http().sessionCacheExpirationMinutes()).isEqualTo(30);
        assertThat(warnings).isEmpty();
        assertThat(ConfigPrinter.toToml(c)).contains("APISecurityAdminSecretKey = \"********\"")
                .doesNotContain("adm1n-s3cret-value");
        assertThatThrownBy(() -> ConfigFiles.load(dir, """
                [api]
                security.enable_admin = true
                """, Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("APISecurityAdminSecretKey")
                .hasMessageNotContaining("adm1n");
    }
}
