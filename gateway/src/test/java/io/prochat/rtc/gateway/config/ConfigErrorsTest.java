package io.prochat.rtc.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way start-up can be refused: the exception names the exact key, the message is one line, and
 * no secret value (every secret in these cases contains "s3cr3t") ever appears in it.
 */
class ConfigErrorsTest {
    private static final String SECRET_MARK = "s3cr3t";

    @TempDir
    Path dir;

    record Case(String name, String toml, Map<String, String> env, String key, String fragment) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case file(String name, String toml, String key, String fragment) {
        return new Case(name, toml, Map.of(), key, fragment);
    }

    static Case env(String name, Map<String, String> env, String key, String fragment) {
        return new Case(name, null, env, key, fragment);
    }

    static Stream<Case> cases() {
        return Stream.of(
                file("port out of range", "[HTTP]\nServerPort = 70000",
                        "HTTP.ServerPort", "[HTTP] ServerPort = 70000: must be a port between 1 and 65535"),
                file("port zero", "[HTTP]\nServerPort = 0", "HTTP.ServerPort", "between 1 and 65535"),
                file("port as string", "[HTTP]\nServerPort = \"abc\"",
                        "HTTP.ServerPort", "[HTTP] ServerPort = \"abc\": must be a number, not a string"),
                file("port as float", "[HTTP]\nServerPort = 8.5", "HTTP.ServerPort", "must be an integer"),
                file("port too large for int", "[HTTP]\nServerPort = 99999999999", "HTTP.ServerPort", "too large"),
                file("ICE UDP port", "[RTC]\nICEPortUDP = 65536", "RTC.ICEPortUDP", "between 1 and 65535"),
                file("ICE TCP port", "[RTC]\nICEPortTCP = -1", "RTC.ICEPortTCP", "between 1 and 65535"),
                file("ICE TCP port is the API port", "[HTTP]\nServerPort = 8045",
                        "RTC.ICEPortTCP", "is also [HTTP] ServerPort"),
                file("misspelt key", "[HTTP]\nServerPrt = 1", "HTTP.ServerPrt", "unknown key (did you mean ServerPort?)"),
                file("misspelt section", "[Jitis]\nURL = \"https://meet.example.org\"",
                        "Jitis", "unknown section (did you mean [Jitsi]?)"),
                file("unrelated section", "[Database]\nx = 1", "Database", "unknown section (sections: [HTTP]"),
                file("key outside a section", "Mode = \"hybrid\"", "Mode", "belongs in [Gateway]"),
                file("section given a value", "HTTP = 5", "HTTP", "must be a section"),
                file("same key in two cases", "[HTTP]\nServerPort = 1\nserverport = 2",
                        "HTTP.serverport", "given twice"),
                file("bool as string", "[HTTP]\nAPISecurityAllowSelfRegistration = \"yes\"",
                        "HTTP.APISecurityAllowSelfRegistration", "must be true or false"),
                file("string as number", "[HTTP]\nServerAddress = 0", "HTTP.ServerAddress", "must be a string"),
                file("bad level", "[Logger]\nConsoleLevel = \"LOUD\"",
                        "Logger.ConsoleLevel", "must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF"),
                file("no log target", "[Logger]\nEnableConsole = false\nEnableFile = false",
                        "Logger.EnableConsole", "at least one of EnableConsole and EnableFile"),
                file("bad mode", "[Gateway]\nMode = \"fast\"",
                        "Gateway.Mode", "[Gateway] Mode = \"fast\": must be one of hybrid, jitsi-only, sfu-only"),
                file("bad naming scheme", "[Jitsi]\nNamingScheme = \"emoji\"",
                        "Jitsi.NamingScheme", "must be one of words, uuid, mattermost, ask"),
                file("non-http Jitsi URL", "[Jitsi]\nURL = \"ftp://meet.example.org\"",
                        "Jitsi.URL", "must be an http:// or https:// URL"),
                file("the guide's doubled Jitsi URL", "[Jitsi]\nURL = \"https://https://meet.promeet.gr\"",
                        "Jitsi.URL", "has the scheme twice"),
                file("Mattermost URL without scheme", "[Mattermost]\nURL = \"chat.example.org\"\nBotToken = \"s3cr3t-bot\"",
                        "Mattermost.URL", "must be an http:// or https:// URL"),
                file("public URL without scheme", "[Gateway]\nPublicURL = \"calls.example.org\"",
                        "Gateway.PublicURL", "http://"),
                file("zero huddle size", "[Gateway]\nHuddleMaxParticipants = 0",
                        "Gateway.HuddleMaxParticipants", "must be a positive number"),
                file("huddle larger than a call", "[Gateway]\nHuddleMaxParticipants = 20\n[RTC]\nMaxCallParticipants = 5",
                        "Gateway.HuddleMaxParticipants", "must not exceed [RTC] MaxCallParticipants (5)"),
                file("negative empty-call timeout", "[Gateway]\nEndEmptyCallsAfterMinutes = -1",
                        "Gateway.EndEmptyCallsAfterMinutes",
                        "[Gateway] EndEmptyCallsAfterMinutes = -1: must be 0 (off) or a positive number"),
                file("unused-call timeout as string", "[Gateway]\nEndUnusedCallsAfterHours = \"24\"",
                        "Gateway.EndUnusedCallsAfterHours", "must be a number, not a string"),
                file("negative call size", "[RTC]\nMaxCallParticipants = -5", "RTC.MaxCallParticipants", "positive"),
                file("zero capacity", "[RTC]\nCapacity = 0", "RTC.Capacity", "positive"),
                file("capacity as string", "[RTC]\nCapacity = \"26\"", "RTC.Capacity", "must be a number, not a string"),
                file("capacity above the server's limit", "[RTC]\nMaxServerParticipants = 40\nCapacity = 60",
                        "RTC.Capacity", "[RTC] Capacity = 60: must not exceed [RTC] MaxServerParticipants (40)"),
                env("capacity from the environment", Map.of("PROCHAT_RTC_CAPACITY", "-1"), "PROCHAT_RTC_CAPACITY",
                        "positive"),
                file("negative media workers", "[RTC]\nMediaWorkers = -1",
                        "RTC.MediaWorkers", "[RTC] MediaWorkers = -1: must be 0 (one per core) or a positive number"),
                file("absurd media workers", "[RTC]\nMediaWorkers = 257",
                        "RTC.MediaWorkers", "[RTC] MediaWorkers = 257: must be at most 256"),
                file("media workers as string", "[RTC]\nMediaWorkers = \"4\"",
                        "RTC.MediaWorkers", "must be a number, not a string"),
                file("negative socket buffer", "[RTC]\nUDPSocketBufferBytes = -1", "RTC.UDPSocketBufferBytes",
                        "[RTC] UDPSocketBufferBytes = -1: must be 0 (the OS default) or a positive number"),
                env("socket buffer from the environment", Map.of("PROCHAT_RTC_UDPSOCKETBUFFERBYTES", "-5"),
                        "PROCHAT_RTC_UDPSOCKETBUFFERBYTES", "must be 0 (the OS default)"),
                file("zero link validity", "[Jitsi]\nLinkValidityMinutes = 0", "Jitsi.LinkValidityMinutes", "positive"),
                file("zero body size", "[HTTP]\nMaxRequestBodyBytes = 0", "HTTP.MaxRequestBodyBytes", "positive"),
                file("API keys not strings", "[Gateway]\nAPIKeys = [1, 2]", "Gateway.APIKeys", "list of strings"),
                file("empty API key", "[Gateway]\nAPIKeys = [\"s3cr3t-key-1\", \"\"]",
                        "Gateway.APIKeys", "(entry 2): must be non-empty"),
                file("tenant with a space", "[Jitsi]\nTenant = \"my team\"", "Jitsi.Tenant", "must not contain spaces"),
                file("ICE URL with http scheme", "[[RTC.ICEServers]]\nURLs = [\"http://stun.example.org\"]",
                        "RTC.ICEServers[1].URLs", "must start with stun:, stuns:, turn: or turns:"),
                file("the guide's TURN URL", "[[RTC.ICEServers]]\nURLs = [\"stun:a.example.org\"]\n"
                                + "[[RTC.ICEServers]]\nURLs = [\"turn:https://meet.promeet.gr:3478\"]\n"
                                + "Username = \"username\"\nCredential = \"s3cr3t-pw\"",
                        "RTC.ICEServers[2].URLs", "without \"//\""),
                file("TURN without credential", "[[RTC.ICEServers]]\nURLs = [\"turn:turn.example.org\"]\nUsername = \"u\"",
                        "RTC.ICEServers[1].Credential", "must be set for a turn: or turns: URL"),
                file("ICE server without URLs", "[[RTC.ICEServers]]\nUsername = \"u\"",
                        "RTC.ICEServers[1].URLs", "at least one URL"),
                file("ICE server misspelt key", "[[RTC.ICEServers]]\nURL = [\"stun:a.example.org\"]",
                        "RTC.ICEServers[1].URL", "did you mean URLs?"),
                file("malformed TOML", "[HTTP\nServerPort = 1", "file", "line 1: not valid TOML"),
                file("duplicate key", "[HTTP]\nServerPort = 1\nServerPort = 2", "file", "line 3: not valid TOML"),
                file("secret in a malformed line", "[Jitsi]\nAppSecret = s3cr3t-unquoted-0123456789",
                        "file", "line 2: not valid TOML"),
                file("AppID without AppSecret", "[Jitsi]\nAppID = \"prochat\"",
                        "Jitsi.AppSecret", "must be set when [Jitsi] AppID is set"),
                file("AppSecret without AppID", "[Jitsi]\nAppSecret = \"s3cr3t-0123456789abcdef\"",
                        "Jitsi.AppID", "must be set when [Jitsi] AppSecret is set"),
                file("short AppSecret", "[Jitsi]\nAppID = \"prochat\"\nAppSecret = \"s3cr3t-short\"",
                        "Jitsi.AppSecret", "[Jitsi] AppSecret: must be at least 16 characters"),
                file("AppSecret not a string", "[Jitsi]\nAppID = \"prochat\"\nAppSecret = 123",
                        "Jitsi.AppSecret", "[Jitsi] AppSecret: must be a string"),
                file("XMPPHost without a domain", "[Jitsi]\nXMPPHost = \"127.0.0.1\"\nXMPPUser = \"prochat\"",
                        "Jitsi.XMPPDomain", "[Jitsi] XMPPDomain: must be set when [Jitsi] XMPPHost is set"),
                file("XMPPHost without a password", "[Jitsi]\nXMPPHost = \"127.0.0.1\"\nXMPPDomain = \"meet.jitsi\""
                        + "\nXMPPUser = \"prochat\"", "Jitsi.XMPPPassword", "[Jitsi] XMPPPassword: must be set when"),
                file("XMPP user without XMPPHost", "[Jitsi]\nXMPPUser = \"prochat\"\nXMPPPassword = \"s3cr3t-x\"",
                        "Jitsi.XMPPHost", "must be set when [Jitsi] XMPPUser is set"),
                file("XMPP port out of range", "[Jitsi]\nXMPPPort = 70000", "Jitsi.XMPPPort", "between 1 and 65535"),
                file("XMPP TLS policy", "[Jitsi]\nXMPPTLS = \"sometimes\"", "Jitsi.XMPPTLS",
                        "[Jitsi] XMPPTLS = \"sometimes\": must be one of required, optional, disabled"),
                file("XMPP domain with a user part", "[Jitsi]\nXMPPDomain = \"focus@meet.jitsi\"", "Jitsi.XMPPDomain",
                        "must be an XMPP domain"),
                env("XMPP password from the environment without host", Map.of("PROCHAT_JITSI_XMPPPASSWORD", "s3cr3t-env"),
                        "Jitsi.XMPPHost", "must be set when [Jitsi] XMPPPassword is set"),
                file("health URL not http", "[Jitsi]\nHealthURL = \"tcp://127.0.0.1:8888\"", "Jitsi.HealthURL",
                        "must be an http:// or https:// URL"),
                file("Mattermost URL without BotToken", "[Mattermost]\nURL = \"https://chat.example.org\"",
                        "Mattermost.BotToken", "must be set when [Mattermost] URL is set"),
                file("rtcd spelling in our layout", "[HTTP]\nServerPort = 8443\n[RTC]\nice_port_udp = 8045",
                        "RTC.ice_port_udp", "write it as ICEPortUDP"),
                file("our spelling in rtcd's layout", "[api]\nhttp.listen_address = \":8045\"\n[rtc]\nICEPortUDP = 8443",
                        "rtc.ICEPortUDP", "write it as ice_port_udp"),
                file("misspelt rtcd key", "[api]\nhttp.listen_address = \":8045\"\n[rtc]\nice_prot_udp = 8443",
                        "rtc.ice_prot_udp", "did you mean ice_port_udp?"),
                file("listen address without port", "[api]\nhttp.listen_address = \"8045\"",
                        "api.http.listen_address", "must be host:port or :port"),
                file("rtcd ICE server bad scheme", "[api]\nhttp.listen_address = \":8045\"\n[rtc]\nice_servers = [\"stun.example.org\"]",
                        "rtc.ice_servers[1].URLs", "must start with stun:"),
                file("rtcd ICE port out of range", "[rtc]\nice_port_udp = 0\nice_port_tcp = 8443",
                        "rtc.ice_port_udp", "[rtc] ice_port_udp = 0: must be a port between 1 and 65535"),
                env("env port not a number", Map.of("PROCHAT_HTTP_SERVERPORT", "abc"),
                        "PROCHAT_HTTP_SERVERPORT", "PROCHAT_HTTP_SERVERPORT = \"abc\": must be an integer"),
                env("env typo", Map.of("PROCHAT_HTTP_SERVERPROT", "9443"),
                        "PROCHAT_HTTP_SERVERPROT", "unknown setting (did you mean PROCHAT_HTTP_SERVERPORT?)"),
                env("env unknown", Map.of("PROCHAT_FOO", "1"), "PROCHAT_FOO", "unknown setting"),
                env("env negative unused-call timeout", Map.of("PROCHAT_GATEWAY_ENDUNUSEDCALLSAFTERHOURS", "-24"),
                        "PROCHAT_GATEWAY_ENDUNUSEDCALLSAFTERHOURS",
                        "PROCHAT_GATEWAY_ENDUNUSEDCALLSAFTERHOURS = -24: must be 0 (off) or a positive number"),
                env("env bad mode", Map.of("PROCHAT_GATEWAY_MODE", "fast"), "PROCHAT_GATEWAY_MODE", "must be one of"),
                env("env bad bool", Map.of("PROCHAT_LOGGER_ENABLEFILE", "yes"),
                        "PROCHAT_LOGGER_ENABLEFILE", "must be true or false"),
                env("env ICE servers not JSON", Map.of("PROCHAT_RTC_ICESERVERS", "[{\"credential\": s3cr3t}]"),
                        "PROCHAT_RTC_ICESERVERS", "must be JSON"),
                env("env ICE server bad scheme", Map.of("PROCHAT_RTC_ICESERVERS", "[\"http://x.example.org\"]"),
                        "PROCHAT_RTC_ICESERVERS[1].URLs", "must start with stun:"),
                env("env short secret", Map.of("PROCHAT_JITSI_APPID", "prochat", "PROCHAT_JITSI_APPSECRET", "s3cr3t"),
                        "PROCHAT_JITSI_APPSECRET", "PROCHAT_JITSI_APPSECRET: must be at least 16 characters"),
                env("env Mattermost URL without token", Map.of("PROCHAT_MATTERMOST_URL", "https://chat.example.org"),
                        "Mattermost.BotToken", "must be set when [Mattermost] URL is set"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void startUpStopsWithOneLineNamingTheKey(Case c) {
        Path file = c.toml() == null ? null : ConfigFiles.write(dir, c.toml());

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, c.env()));

        assertThat(e).as("no ConfigException").isNotNull();
        assertThat(e.key()).isEqualTo(c.key());
        assertThat(e.getMessage()).contains(c.fragment()).doesNotContain("\n").doesNotContain(SECRET_MARK);
    }
}
