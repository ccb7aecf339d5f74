package io.prochat.rtc.gateway.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.packaged.PackagedJar.Result;
import io.prochat.rtc.testing.FreePorts;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command of the jar: its {@code --help}, and its main path as the README shows it. */
class CliIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "version", "config", "config check", "jitsi-link", "api-key", "api-key create",
            "check-ports", "print", "check-turn"})
    void everyCommandAnswersHelp(String command) {
        String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
        Result r = PackagedJar.run(dir, Map.of(), args);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).startsWith("Usage: prochat-rtc" + (command.isEmpty() ? "" : " " + command));
        assertThat(r.err()).as(r.toString()).isEmpty();
    }

    @Test
    void version() {
        Result r = PackagedJar.run(dir, Map.of(), "version");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).startsWith("prochat-rtc 0.1.0 (built ");
    }

    @Test
    void configCheckOfTheDeploymentGuidesFile() throws Exception {
        Path file = dir.resolve("config.toml");
        try (InputStream in = CliIT.class.getResourceAsStream("/config/deployment-guide-option-a.toml")) {
            Files.copy(in, file);
        }
        Result r = PackagedJar.run(dir, Map.of(), "config", "check", file.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).contains(": OK.").contains("ServerPort = 8443");
    }

    /**
     * rtcd's layout with a host name that does not resolve: {@code config check} fails as {@code serve} would, naming
     * the key as the file spells it. Names are looked up in an empty hosts file instead of DNS (no traffic leaves).
     */
    @Test
    void configCheckResolvesIceHostOverrideAndNamesRtcdsKey() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
        Path file = Files.writeString(dir.resolve("rtcd.toml"), """
                [rtc]
                ice_host_override = "rtc.example.org"
                """);
        Result r = PackagedJar.run(dir, Map.of(), PackagedJar.JAR, List.of("-Djdk.net.hosts.file=" + hosts),
                "config", "check", file.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).contains("[rtc] ice_host_override").contains("does not resolve")
                .doesNotContain("ICEHostOverride");
    }

    /** The link alone on stdout (scripts capture it), signed with the secret, and no log lines around it. */
    @Test
    void jitsiLinkPrintsOneSignedLink() {
        Result r = PackagedJar.run(dir, Features.signedLinks(), "jitsi-link", "--room", "weekly-review",
                "--user", "u-carol", "--name", "Carol");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines()).as(r.toString()).hasSize(1);
        assertThat(r.out()).startsWith("https://meet.example.org/weekly-review?jwt=");
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("DEBUG");
        String token = r.out().trim().replaceFirst(".*\\?jwt=", "").replaceFirst("#.*", "");
        assertThat(JWT.require(Algorithm.HMAC256(Features.JITSI_SECRET)).build().verify(token)
                .getClaim("room").asString()).isEqualTo("weekly-review");
    }

    /** A first start that fails (the API port is taken) neither prints nor stores a key that then cannot be used. */
    @Test
    void aStartThatFailsMakesNoApiKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = new HashMap<>(Features.base(taken.getLocalPort(), FreePorts.tcpAndUdp()));
            env.remove("PROCHAT_GATEWAY_APIKEYS");
            Result r = PackagedJar.run(dir, env, "serve");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as(r.toString()).startsWith("prochat-rtc: cannot start:");
            assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("prk_").doesNotContain("No API key");
        }
    }

    /** {@code KEY=$(java -jar prochat-rtc.jar api-key create)} captures the key and nothing else; serve accepts it. */
    @Test
    void apiKeyCreatePrintsOnlyTheKeyAndServeAcceptsIt() {
        Result r = PackagedJar.run(dir, Map.of(), "api-key", "create");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).matches("prk_[A-Za-z0-9_-]+\n");
        String key = r.out().trim();

        int port = FreePorts.tcp();
        Map<String, String> env = new HashMap<>(Features.base(port, FreePorts.tcpAndUdp()));
        env.remove("PROCHAT_GATEWAY_APIKEYS");
        try (PackagedJar jar = PackagedJar.start(dir, env, "serve")) {
            jar.awaitListening(port);
            ApiClient api = new ApiClient("http://127.0.0.1:" + port, key);
            assertThat(api.get("/api/v1/calls").status()).isEqualTo(200);
            assertThat(jar.stdout()).doesNotContain("No API key was configured");
        }
    }
}
