package io.prochat.rtc.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigPrinterTest {
    private static final List<String> SECRETS = List.of("s3cr3t-jitsi-0123456789", "s3cr3t-bot", "s3cr3t-huddle",
            "s3cr3t-meet", "s3cr3t-key-1", "s3cr3t-key-2", "s3cr3t-turn", "s3cr3t-db", "s3cr3t-xmpp");

    @TempDir
    Path dir;

    private static GatewayConfig withSecrets() {
        GatewayConfig d = GatewayConfig.defaults();
        return new GatewayConfig(d.http(),
                new RtcConfig("", 8045, 8045, List.of(IceServer.of("stun:stun.example.org"),
                        new IceServer(List.of("turn:turn.example.org:3478"), "prochat", "s3cr3t-turn")), 100),
                d.logger(),
                new StoreConfig("jdbc:h2:tcp://db/prochat;USER=rtc;PASSWORD=s3cr3t-db"),
                new GatewaySettings(RoutingMode.HYBRID, 10, List.of("s3cr3t-key-1", "s3cr3t-key-2"), "", 45, 0),
                new JitsiConfig("https://meet.example.org", "prochat", "s3cr3t-jitsi-0123456789", "", "", "",
                        "words", 60).withXmpp("prosody.internal", 5222, "meet.example.org", "", "prochat@auth.meet.example.org",
                        "s3cr3t-xmpp", "focus.meet.example.org", "optional"),
                new MattermostConfig("https://chat.example.org", "s3cr3t-bot", "s3cr3t-huddle", "s3cr3t-meet"));
    }

    @Test
    void everySecretIsMaskedAndNoneLeaks() {
        String toml = ConfigPrinter.toToml(withSecrets());

        assertThat(SECRETS).allSatisfy(secret -> assertThat(toml).doesNotContain(secret));
        assertThat(toml)
                .contains("AppSecret = \"********\"", "BotToken = \"********\"", "HuddleCommandToken = \"********\"",
                        "MeetCommandToken = \"********\"", "APIKeys = [\"********\", \"********\"]",
                        "Credential = \"********\"", "XMPPPassword = \"********\"")
                .containsIgnoringCase("password=********")
                .contains("AppID = \"prochat\"", "Username = \"prochat\"", "URL = \"https://chat.example.org\"");
    }

    @Test
    void unsetSecretsStayEmpty() {
        String toml = ConfigPrinter.toToml(GatewayConfig.defaults());

        assertThat(toml).contains("AppSecret = \"\"", "BotToken = \"\"", "APIKeys = []", "ICEServers = []")
                .doesNotContain(ConfigPrinter.MASK + "\"");
    }

    @Test
    void theMaskedOutputLoadsBackWhenTheSecretsComeFromTheEnvironment() {
        GatewayConfig original = withSecrets();
        Path printed = ConfigFiles.write(dir, ConfigPrinter.toToml(original));
        Map<String, String> env = Map.of(
                "PROCHAT_JITSI_APPSECRET", "s3cr3t-jitsi-0123456789",
                "PROCHAT_JITSI_XMPPPASSWORD", "s3cr3t-xmpp",
                "PROCHAT_MATTERMOST_BOTTOKEN", "s3cr3t-bot",
                "PROCHAT_MATTERMOST_HUDDLECOMMANDTOKEN", "s3cr3t-huddle",
                "PROCHAT_MATTERMOST_MEETCOMMANDTOKEN", "s3cr3t-meet",
                "PROCHAT_GATEWAY_APIKEYS", "s3cr3t-key-1,s3cr3t-key-2",
                "PROCHAT_STORE_DATASOURCE", "jdbc:h2:tcp://db/prochat;USER=rtc;PASSWORD=s3cr3t-db",
                "PROCHAT_RTC_ICESERVERS", "[\"stun:stun.example.org\", {\"URLs\": [\"turn:turn.example.org:3478\"],"
                        + " \"Username\": \"prochat\", \"Credential\": \"s3cr3t-turn\"}]");

        assertThat(ConfigLoader.load(printed, env)).isEqualTo(original);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ours-full.toml", "deployment-guide-option-a.toml", "rtcd-layout.toml"})
    void theOutputLoadsBackToAnEqualConfig(String fixture) {
        GatewayConfig loaded = ConfigLoader.load(ConfigFiles.resource(fixture), Map.of());
        String toml = ConfigPrinter.toToml(loaded);

        GatewayConfig again = ConfigLoader.load(ConfigFiles.write(dir, toml), Map.of());

        assertThat(again).isEqualTo(loaded);
        assertThat(ConfigPrinter.toToml(again)).isEqualTo(toml);
    }

    @Test
    void theOutputIsOurLayoutInDocumentedOrder() {
        String toml = ConfigPrinter.toToml(ConfigLoader.load(ConfigFiles.resource("ours-full.toml"), Map.of()));

        assertThat(toml).containsSubsequence("[HTTP]", "ServerAddress = \"10.0.0.5\"", "ServerPort = 7443",
                "[RTC]", "ICEPortUDP = 8046", "MediaWorkers = 3",
                "UDPSocketBufferBytes = 1048576", "[[RTC.ICEServers]]", "URLs = [\"stun:stun.l.google.com:19302\",",
                "[[RTC.ICEServers]]", "[Logger]", "FileLevel = \"TRACE\"", "[Store]", "[Gateway]", "Mode = \"sfu-only\"",
                "# effective public URL: https://calls.example.org", "EndEmptyCallsAfterMinutes = 10",
                "EndUnusedCallsAfterHours = 0", "[Jitsi]", "NamingScheme = \"uuid\"", "[Mattermost]");
    }

    @Test
    void stringsAreEscaped() {
        GatewayConfig d = GatewayConfig.defaults();
        GatewayConfig c = new GatewayConfig(d.http(), d.rtc(), d.logger(), new StoreConfig("data/a \"b\"\\c"),
                d.gateway(), new JitsiConfig("https://meet.jit.si", "", "", "aud\u0001", "sub\ttab", "", "words", 60),
                d.mattermost());

        GatewayConfig again = ConfigLoader.load(ConfigFiles.write(dir, ConfigPrinter.toToml(c)), Map.of());

        assertThat(again).isEqualTo(c);
    }
}
