package io.prochat.rtc.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void noFileAndEmptyEnvironmentGiveTheDefaults() {
        GatewayConfig c = ConfigLoader.load(null, Map.of());

        assertThat(c).isEqualTo(GatewayConfig.defaults());
        assertThat(c.http()).isEqualTo(new HttpConfig("127.0.0.1", 8443, false, 65536));
        assertThat(c.rtc()).isEqualTo(new RtcConfig("", 8045, 8045, List.of(), 100));
        assertThat(c.rtc().mediaWorkers()).as("one per core").isZero();
        assertThat(c.rtc().udpSocketBufferBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(c.logger()).isEqualTo(new LoggerConfig(true, "INFO", false, "prochat-rtc.log", "DEBUG"));
        assertThat(c.store().dataSource()).isEqualTo("data/prochat-rtc");
        assertThat(c.gateway()).isEqualTo(new GatewaySettings(RoutingMode.HYBRID, 10, List.of(), "", 30, 24));
        assertThat(c.jitsi()).isEqualTo(new JitsiConfig("https://meet.jit.si", "", "", "", "", "", "words", 60));
        assertThat(c.mattermost()).isEqualTo(new MattermostConfig("", "", "", ""));
        assertThat(c.gateway().effectivePublicUrl(c.http())).isEqualTo("http://127.0.0.1:8443");
    }

    @Test
    void theDeploymentGuidesOptionAFileLoadsAsWritten() {
        List<String> warnings = new ArrayList<>();
        GatewayConfig c = ConfigLoader.load(ConfigFiles.resource("deployment-guide-option-a.toml"), Map.of(),
                warnings::add);

        assertThat(c.http()).isEqualTo(new HttpConfig("0.0.0.0", 8443, true, 65536));
        assertThat(c.rtc().iceHostOverride()).isEmpty();
        assertThat(c.rtc().icePortUdp()).isEqualTo(8045);
        assertThat(c.rtc().icePortTcp()).isEqualTo(8045);
        assertThat(c.rtc().iceServers()).containsExactly(IceServer.of("stun:stun.l.google.com:19302"));
        assertThat(c.logger()).isEqualTo(new LoggerConfig(true, "INFO", true, "/var/lib/rtcd/rtcd.log", "DEBUG"));
        assertThat(c.store().dataSource()).isEqualTo("/var/lib/rtcd/rtcd.db");
        assertThat(c.store().jdbcUrl()).isEqualTo("jdbc:h2:file:/var/lib/rtcd/rtcd.db");
        assertThat(c.gateway()).isEqualTo(GatewaySettings.defaults());
        assertThat(c.gateway().effectivePublicUrl(c.http())).isEqualTo("http://127.0.0.1:8443");
        assertThat(warnings).isEmpty();
    }

    @Test
    void keysAndSectionsMatchInAnyCase() {
        GatewayConfig c = ConfigFiles.load(dir, """
                [http]
                serverport = 9000
                [Gateway]
                MODE = "SFU-ONLY"
                [logger]
                consolelevel = "debug"
                """);

        assertThat(c.http().serverPort()).isEqualTo(9000);
        assertThat(c.gateway().mode()).isEqualTo(RoutingMode.SFU_ONLY);
        assertThat(c.logger().consoleLevel()).isEqualTo("DEBUG");
    }

    @Test
    void environmentOverridesTheFileAndTheFileOverridesDefaults() {
        Map<String, String> env = Map.of(
                "PROCHAT_HTTP_SERVERPORT", "9443",
                "PROCHAT_GATEWAY_MODE", "jitsi-only",
                "PROCHAT_GATEWAY_APIKEYS", "key1, key2,,",
                "PROCHAT_JITSI_APPID", "prochat",
                "PROCHAT_JITSI_APPSECRET", "0123456789abcdef-secret",
                "PROCHAT_RTC_ICESERVERS", "[{\"urls\":[\"turn:turn.example.org:3478\"],"
                        + "\"username\":\"u\",\"credential\":\"c\"}, \"stun:stun.example.org\"]",
                "PROCHAT_LOGGER_ENABLEFILE", "FALSE",
                "PATH", "/usr/bin",
                "PROCHAT_CONFIG", "/etc/prochat-rtc/config.toml");

        GatewayConfig c = ConfigLoader.load(ConfigFiles.resource("deployment-guide-option-a.toml"), env);

        assertThat(c.http().serverAddress()).isEqualTo("0.0.0.0");
        assertThat(c.http().serverPort()).isEqualTo(9443);
        assertThat(c.gateway().mode()).isEqualTo(RoutingMode.JITSI_ONLY);
        assertThat(c.gateway().apiKeys()).containsExactly("key1", "key2");
        assertThat(c.jitsi().appId()).isEqualTo("prochat");
        assertThat(c.jitsi().appSecret()).isEqualTo("0123456789abcdef-secret");
        assertThat(c.rtc().iceServers()).containsExactly(
                new IceServer(List.of("turn:turn.example.org:3478"), "u", "c"),
                IceServer.of("stun:stun.example.org"));
        assertThat(c.logger().enableFile()).isFalse();
        assertThat(c.logger().fileLocation()).isEqualTo("/var/lib/rtcd/rtcd.log");
    }

    @Test
    void idleCallTimeoutsComeFromTheFileAndTheEnvironmentWins() {
        String toml = """
                [Gateway]
                EndEmptyCallsAfterMinutes = 15
                EndUnusedCallsAfterHours = 0
                """;

        GatewaySettings fromFile = ConfigFiles.load(dir, toml).gateway();
        GatewaySettings fromEnv = ConfigFiles.load(dir, toml,
                Map.of("PROCHAT_GATEWAY_ENDEMPTYCALLSAFTERMINUTES", "0",
                        "PROCHAT_GATEWAY_ENDUNUSEDCALLSAFTERHOURS", " 48 ")).gateway();

        assertThat(fromFile.endEmptyCallsAfterMinutes()).isEqualTo(15);
        assertThat(fromFile.endEmptyCallsAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(fromFile.endUnusedCallsAfter()).isZero();
        assertThat(fromEnv.endEmptyCallsAfterMinutes()).isZero();
        assertThat(fromEnv.endUnusedCallsAfterHours()).isEqualTo(48);
    }

    @Test
    void mediaWorkersAndSocketBuffersComeFromTheFileAndTheEnvironmentWins() {
        String toml = """
                [RTC]
                MediaWorkers = 3
                UDPSocketBufferBytes = 1048576
                """;

        RtcConfig fromFile = ConfigFiles.load(dir, toml).rtc();
        RtcConfig fromEnv = ConfigFiles.load(dir, toml, Map.of("PROCHAT_RTC_MEDIAWORKERS", "1",
                "PROCHAT_RTC_UDPSOCKETBUFFERBYTES", "0")).rtc();

        assertThat(fromFile.mediaWorkers()).isEqualTo(3);
        assertThat(fromFile.udpSocketBufferBytes()).isEqualTo(1048576);
        assertThat(fromFile.capacity()).as("the other keys keep their defaults").isEqualTo(RtcConfig.DEFAULT_CAPACITY);
        assertThat(fromEnv.mediaWorkers()).isEqualTo(1);
        assertThat(fromEnv.udpSocketBufferBytes()).as("0 = the OS default").isZero();
    }

    @Test
    void environmentAloneWorksWithoutAFile() {
        GatewayConfig c = ConfigLoader.load(null, Map.of("PROCHAT_HTTP_SERVERADDRESS", "::",
                "PROCHAT_STORE_DATASOURCE", "jdbc:h2:mem:test"));

        assertThat(c.http().serverAddress()).isEqualTo("::");
        assertThat(c.store().jdbcUrl()).isEqualTo("jdbc:h2:mem:test");
        assertThat(c.gateway().effectivePublicUrl(c.http())).isEqualTo("http://127.0.0.1:8443");
    }

    @Test
    void anEnvironmentErrorNamesTheVariableNotTheFileKey() {
        assertThatThrownBy(() -> ConfigLoader.load(ConfigFiles.resource("deployment-guide-option-a.toml"),
                Map.of("PROCHAT_HTTP_SERVERPORT", "70000")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("PROCHAT_HTTP_SERVERPORT");
                    assertThat(e.getMessage())
                            .isEqualTo("PROCHAT_HTTP_SERVERPORT = 70000: must be a port between 1 and 65535");
                });
    }

    @Test
    void aMissingFileIsAnErrorNamingThePath() {
        Path missing = dir.resolve("nope/config.toml");

        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("file");
                    assertThat(e.getMessage()).contains(missing.toString()).contains("not found");
                });
    }

    @Test
    void anEmptyFileGivesTheDefaults() {
        assertThat(ConfigFiles.load(dir, "# nothing here\n")).isEqualTo(GatewayConfig.defaults());
    }

    @Test
    void rtcdEnvironmentVariablesAreReadAndOursWin() {
        List<String> warnings = new ArrayList<>();
        GatewayConfig c = ConfigFiles.load(dir, null, Map.of(
                "RTCD_RTC_ICEPORTUDP", "8443",
                "RTCD_RTC_ICEHOSTOVERRIDE", "203.0.113.7",
                "RTCD_API_HTTP_LISTENADDRESS", ":9045",
                "RTCD_API_SECURITY_ENABLEADMIN", "true",
                "RTCD_API_SECURITY_ADMINSECRETKEY", "an-admin-secret",
                "RTCD_API_SECURITY_ALLOWSELFREGISTRATION", "true",
                "RTCD_API_SECURITY_SESSIONCACHE_EXPIRATIONMINUTES", "60",
                "RTCD_RTC_UDPSOCKETSCOUNT", "4",
                "RTCD_NOT_A_THING", "x",
                "PROCHAT_RTC_ICEPORTUDP", "9000"), warnings);

        assertThat(c.rtc().icePortUdp()).isEqualTo(9000);
        assertThat(c.rtc().iceHostOverride()).isEqualTo("203.0.113.7");
        assertThat(c.http().serverAddress()).isEqualTo("0.0.0.0");
        assertThat(c.http().serverPort()).isEqualTo(9045);
        assertThat(c.http()).isEqualTo(new HttpConfig("0.0.0.0", 9045, true, 65536, true, "an-admin-secret", 60));
        assertThat(String.join("\n", warnings)).contains("RTCD_RTC_UDPSOCKETSCOUNT", "RTCD_NOT_A_THING")
                .doesNotContain("an-admin-secret", "RTCD_RTC_ICEPORTUDP");
        assertThat(c.http().toString()).doesNotContain("an-admin-secret");
    }

    @Test
    void rtcdEnvironmentErrorsNameTheVariableAndHideSecrets() {
        assertThatThrownBy(() -> ConfigFiles.load(dir, null, Map.of("RTCD_API_SECURITY_ENABLEADMIN", "true")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("APISecurityAdminSecretKey");
        assertThatThrownBy(() -> ConfigFiles.load(dir, null, Map.of("RTCD_RTC_ICEPORTUDP", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RTCD_RTC_ICEPORTUDP");
        assertThatThrownBy(() -> ConfigFiles.load(dir, null, Map.of("RTCD_API_HTTP_TLS_ENABLE", "true")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TLS");
        assertThatThrownBy(() -> ConfigFiles.load(dir, null,
                Map.of("RTCD_API_SECURITY_SESSIONCACHE_EXPIRATIONMINUTES", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RTCD_API_SECURITY_SESSIONCACHE_EXPIRATIONMINUTES");
    }
}
