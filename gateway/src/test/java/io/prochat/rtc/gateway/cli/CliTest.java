package io.prochat.rtc.gateway.cli;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.Gateway;
import io.prochat.rtc.gateway.Main;
import io.prochat.rtc.gateway.config.ConfigLoader;
import io.prochat.rtc.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The commands as an operator types them: exit codes, one-line errors, masked secrets, signed links. */
class CliTest {
    static final String SECRET = "operator-secret-0123456789";

    @TempDir
    Path dir;
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

    private Path write(String name, String toml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, toml);
        return f;
    }

    @Test
    void configCheckPrintsTheEffectiveConfigWithSecretsMasked() throws Exception {
        Path f = write("ok.toml", """
                [HTTP]
                ServerPort = 8444
                [Jitsi]
                URL = "https://meet.example.org"
                AppID = "prochat"
                AppSecret = "%s"
                """.formatted(SECRET));

        assertEquals(0, Main.run("config", "check", f.toString()));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("OK").contains("ServerPort = 8444").contains("https://meet.example.org")
                .doesNotContain(SECRET);
    }

    @Test
    void aBadConfigStopsWithOneLineNamingTheKeyAndExitCode2() throws Exception {
        Path f = write("bad.toml", "[HTTP]\nServerPort = 70000\n");

        assertEquals(Main.EXIT_CONFIG, Main.run("config", "check", f.toString()));
        String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).startsWith("prochat-rtc: config error:").contains("ServerPort").contains("70000");

        err.reset();
        assertEquals(Main.EXIT_CONFIG, Main.run("serve", "--config", f.toString()));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ServerPort");
    }

    @Test
    void aMissingSecretIsNamedWithoutEchoingAnything() throws Exception {
        Path f = write("nosecret.toml", "[Jitsi]\nAppID = \"prochat\"\n");

        assertEquals(Main.EXIT_CONFIG, Main.run("serve", "--config", f.toString()));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("AppSecret");
    }

    @Test
    void jitsiLinkPrintsASignedPersonalLink() throws Exception {
        Path f = write("jitsi.toml", """
                [Jitsi]
                URL = "https://meet.example.org"
                AppID = "prochat"
                AppSecret = "%s"
                """.formatted(SECRET));

        assertEquals(0, Main.run("jitsi-link", "--config", f.toString(), "--room", "weekly-review",
                "--user", "u-42", "--name", "Ada", "--moderator"));
        String link = out.toString(StandardCharsets.UTF_8).strip();
        Matcher m = Pattern.compile("^https://meet\\.example\\.org/weekly-review\\?jwt=([^#&]+)").matcher(link);
        assertThat(m.find()).as(link).isTrue();
        var jwt = JWT.require(Algorithm.HMAC256(SECRET)).withIssuer("prochat").withClaim("room", "weekly-review")
                .build().verify(m.group(1));
        assertEquals("Ada", ((Map<?, ?>) jwt.getClaim("context").asMap().get("user")).get("name"));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("valid until");
    }

    @Test
    void versionAndHelpWork() {
        assertEquals(0, Main.run("version"));
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("prochat-rtc ");
        out.reset();
        assertEquals(0, Main.run("--help"));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve").contains("config").contains("jitsi-link");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(Main.run("serve", "--no-such-option")).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--no-such-option");
    }

    @Test
    void apiKeyCreateAddsAKeyTheGatewayAccepts() throws Exception {
        int media = FreePorts.tcpAndUdp();
        Path f = write("store.toml", "[Store]\nDataSource = \"" + dir.resolve("db").toString().replace("\\", "/") + "\"\n"
                + "[HTTP]\nServerPort = " + FreePorts.tcp() + "\n"
                + "[RTC]\nICEPortUDP = " + media + "\nICEPortTCP = " + media + "\n");
        assertEquals(0, Main.run("api-key", "create", "--config", f.toString()));
        String key = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(key).matches("prk_[A-Za-z0-9_-]{43}");

        var cfg = ConfigLoader.load(f, Map.of());
        try (var gw = Gateway.start(cfg, Clock.systemUTC(), System.out)) {
            var client = new ApiClient("http://127.0.0.1:" + gw.port(), key);
            assertEquals(200, client.get("/api/v1/calls").status());
            assertThat(out.toString(StandardCharsets.UTF_8)).as("a stored key exists: nothing generated").doesNotContain("shown only this once");
        }
    }
}
