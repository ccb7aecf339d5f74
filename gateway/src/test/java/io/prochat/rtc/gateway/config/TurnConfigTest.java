package io.prochat.rtc.gateway.config;

import io.prochat.rtc.gateway.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** [RTC] TURN* keys: loaded from either layout and the environment, a weak secret refused in one line. */
class TurnConfigTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(oldErr);
    }

    @Test
    void ourLayoutSetsTurnAndPrintsTheSecretMasked() throws Exception {
        Path f = Files.writeString(dir.resolve("c.toml"), """
                [RTC]
                TURNURLs = ["turn:turn.example.org:3478", "turn:turn.example.org:3478?transport=tcp"]
                TURNStaticAuthSecret = "0123456789abcdef0123"
                TURNCredentialsExpirationMinutes = 240
                """);

        GatewayConfig c = ConfigLoader.load(f, Map.of());

        assertEquals(new TurnConfig(List.of("turn:turn.example.org:3478", "turn:turn.example.org:3478?transport=tcp"),
                "0123456789abcdef0123", 240), c.rtc().turn());
        assertThat(ConfigPrinter.toToml(c)).contains("TURNStaticAuthSecret = \"********\"")
                .contains("TURNCredentialsExpirationMinutes = 240").doesNotContain("0123456789abcdef0123");
        assertThat(c.rtc().turn().toString()).doesNotContain("0123456789abcdef0123");
        assertEquals(1440, ConfigLoader.load(null, Map.of()).rtc().turn().credentialsExpirationMinutes());
    }

    @Test
    void rtcdLayoutAndEnvironmentSetTheSecret() throws Exception {
        Path f = Files.writeString(dir.resolve("rtcd.toml"), """
                [api]
                http.listen_address = ":8444"
                [rtc]
                turn.static_auth_secret = "0123456789abcdef0123"
                turn.credentials_expiration_minutes = 60
                """);

        GatewayConfig c = ConfigLoader.load(f, Map.of("PROCHAT_RTC_TURNURLS", "turn:127.0.0.1:3478"));

        assertEquals(new TurnConfig(List.of("turn:127.0.0.1:3478"), "0123456789abcdef0123", 60), c.rtc().turn());
        assertEquals(30, ConfigLoader.load(null, Map.of("RTCD_RTC_TURNCONFIG_STATICAUTHSECRET", "0123456789abcdef0123",
                "RTCD_RTC_TURNCONFIG_CREDENTIALSEXPIRATIONMINUTES", "30")).rtc().turn().credentialsExpirationMinutes());
    }

    @Test
    void aShortSecretIsRefusedByConfigCheckWithExit2AndOneLineWithoutTheSecret() throws Exception {
        Path f = Files.writeString(dir.resolve("weak.toml"), """
                [RTC]
                TURNURLs = ["turn:turn.example.org:3478"]
                TURNStaticAuthSecret = "short-secret"
                """);

        assertEquals(Main.EXIT_CONFIG, Main.run("config", "check", f.toString()));

        String line = err.toString(StandardCharsets.UTF_8).strip();
        assertThat(line).doesNotContain("\n").contains("[RTC] TURNStaticAuthSecret").contains("at least 16 characters")
                .doesNotContain("short-secret");
    }

    @Test
    void urlsWithoutSecretAndBadUrlsAndExpiryAreRefused() {
        assertThat(message(() -> new TurnConfig(List.of("turn:t.example.org"), "", 1440)))
                .contains("TURNStaticAuthSecret").contains("must be set when TURNURLs is");
        assertThat(message(() -> new TurnConfig(List.of("stun:t.example.org"), "0123456789abcdef", 1440)))
                .contains("TURNURLs = \"stun:t.example.org\"");
        assertThat(message(() -> new TurnConfig(List.of("turn:https://t.example.org"), "0123456789abcdef", 1440)))
                .contains("TURNURLs");
        assertThat(message(() -> new TurnConfig(List.of(), "0123456789abcdef", 10080)))
                .contains("TURNCredentialsExpirationMinutes = 10080");
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }
}
