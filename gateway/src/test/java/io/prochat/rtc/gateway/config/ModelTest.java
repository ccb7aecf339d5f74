package io.prochat.rtc.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The records on their own, as other packages construct them. */
class ModelTest {

    @ParameterizedTest
    @EnumSource(RoutingMode.class)
    void routingModeNamesRoundTrip(RoutingMode mode) {
        assertThat(RoutingMode.parse(mode.configName())).isEqualTo(mode);
        assertThat(RoutingMode.parse(mode.configName().toUpperCase())).isEqualTo(mode);
        assertThat(RoutingMode.parse(mode.name())).isEqualTo(mode);
    }

    @Test
    void routingModeNames() {
        assertThat(RoutingMode.HYBRID.configName()).isEqualTo("hybrid");
        assertThat(RoutingMode.JITSI_ONLY.configName()).isEqualTo("jitsi-only");
        assertThat(RoutingMode.SFU_ONLY.configName()).isEqualTo("sfu-only");
        assertThatThrownBy(() -> RoutingMode.parse("jitsi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hybrid, jitsi-only, sfu-only");
        assertThatThrownBy(() -> RoutingMode.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jdbcUrlPassesJdbcThroughAndMakesPathsAbsolute() {
        assertThat(new StoreConfig("jdbc:h2:mem:x").jdbcUrl()).isEqualTo("jdbc:h2:mem:x");
        assertThatThrownBy(() -> new StoreConfig("jdbc:mysql://db/prochat?password=s3cr3t"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("only the embedded H2 store")
                .hasMessageNotContaining("s3cr3t");
        assertThat(new StoreConfig("jdbc:postgresql://db/prochat?user=rtc").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/prochat?user=rtc");
        assertThat(new StoreConfig("postgres://rtc:p%40ss@db.example.org:5433/prochat?sslmode=require").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.example.org:5433/prochat?sslmode=require&user=rtc&password=p%40ss");
        assertThatThrownBy(() -> new StoreConfig("postgres://rtc:s3cr3t@db.example.org"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs a host and a database")
                .hasMessageNotContaining("s3cr3t");
        assertThat(StoreConfig.redacted("postgres://rtc:s3cr3t@db/prochat")).isEqualTo("postgres://rtc:********@db/prochat");
        assertThat(new StoreConfig("/var/lib/rtcd/rtcd.db").jdbcUrl()).isEqualTo("jdbc:h2:file:/var/lib/rtcd/rtcd.db");
        assertThat(StoreConfig.defaults().jdbcUrl())
                .isEqualTo("jdbc:h2:file:" + Path.of("data/prochat-rtc").toAbsolutePath().normalize());
    }

    @ParameterizedTest
    @CsvSource({
        "'',  0.0.0.0,   8443, http://127.0.0.1:8443",
        "'',  ::,        8443, http://127.0.0.1:8443",
        "'',  10.0.0.5,  7443, http://10.0.0.5:7443",
        "'',  ::1,       9000, http://[::1]:9000",
        "'',  localhost, 8443, http://localhost:8443",
        "https://calls.example.org/, 0.0.0.0, 8443, https://calls.example.org",
    })
    void effectivePublicUrl(String publicUrl, String address, int port, String expected) {
        GatewaySettings g = new GatewaySettings(RoutingMode.HYBRID, 10, List.of(), publicUrl);

        assertThat(g.effectivePublicUrl(new HttpConfig(address, port, false, 65536))).isEqualTo(expected);
    }

    @Test
    void nullsMeanDefaults() {
        assertThat(new GatewayConfig(null, null, null, null, null, null, null)).isEqualTo(GatewayConfig.defaults());
        assertThat(new JitsiConfig(null, null, null, null, null, null, null, 60)).isEqualTo(JitsiConfig.defaults());
        assertThat(new GatewaySettings(null, 10, null, null)).isEqualTo(GatewaySettings.defaults());
    }

    @Test
    void recordsNormaliseCaseAndTrailingSlashes() {
        assertThat(new LoggerConfig(true, "warning", false, "x.log", "trace"))
                .isEqualTo(new LoggerConfig(true, "WARN", false, "x.log", "TRACE"));
        assertThat(new JitsiConfig("https://meet.example.org//", "", "", "", "", "", "UUID", 60))
                .extracting(JitsiConfig::url, JitsiConfig::namingScheme)
                .containsExactly("https://meet.example.org", "uuid");
    }

    @Test
    void listsAreCopiedSoTheConfigCannotChangeUnderneath() {
        List<String> keys = new java.util.ArrayList<>(List.of("k1"));
        GatewaySettings g = new GatewaySettings(RoutingMode.HYBRID, 10, keys, "");
        keys.add("k2");

        assertThat(g.apiKeys()).containsExactly("k1");
        assertThatThrownBy(() -> g.apiKeys().add("k3")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recordValidationNamesTheDocumentedKey() {
        assertThatThrownBy(() -> new HttpConfig("0.0.0.0", 70000, false, 1))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("HTTP.ServerPort");
                    assertThat(e.getMessage()).isEqualTo("[HTTP] ServerPort = 70000: must be a port between 1 and 65535");
                    assertThat(e.problem()).isEqualTo("must be a port between 1 and 65535");
                });
        assertThatThrownBy(() -> new IceServer(List.of("turns:turn.example.org"), "u", ""))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("RTC.ICEServers.Credential"));
    }

    @Test
    void suggestionsFindTheClosestNameOrNothing() {
        assertThat(Suggest.closest("ServerProt", List.of("ServerAddress", "ServerPort"))).contains("ServerPort");
        assertThat(Suggest.closest("iceportudp", List.of("ICEPortUDP", "ICEPortTCP"))).contains("ICEPortUDP");
        assertThat(Suggest.closest("Database", List.of("HTTP", "RTC", "Logger"))).isEmpty();
    }
}
