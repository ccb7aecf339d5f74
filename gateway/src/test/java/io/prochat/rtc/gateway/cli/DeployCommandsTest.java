package io.prochat.rtc.gateway.cli;

import io.prochat.rtc.gateway.Main;
import io.prochat.rtc.gateway.config.ConfigLoader;
import io.prochat.rtc.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code print systemd|nginx|ufw|env}, each checked by the program that reads it: systemd-analyze verify, nginx -t
 * (with a self-signed certificate made here by openssl), ufw --dry-run, and our own config loader for the variables.
 */
class DeployCommandsTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();
    private final ByteArrayOutputStream out = console.out;
    private final ByteArrayOutputStream err = console.err;

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("config.toml"), """
                [HTTP]
                ServerAddress = "127.0.0.1"
                ServerPort = 8444
                [RTC]
                ICEPortUDP = 8046
                ICEPortTCP = 8046
                [Logger]
                EnableFile = true
                FileLocation = "/var/log/prochat-rtc/gateway.log"
                [Store]
                DataSource = "/srv/prochat-rtc/store"
                [Gateway]
                PublicURL = "https://rtc.test:8443"
                """);
    }

    private String print(String... args) {
        out.reset();
        int status = Main.run(args);
        assertEquals(0, status, () -> "stderr: " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    record Run(int status, String output) {
    }

    private Run run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running: " + command);
        return new Run(p.exitValue(), output);
    }

    @Test
    void theSystemdUnitPassesSystemdAnalyzeVerify() throws Exception {
        String unit = print("print", "systemd", "--config", config().toString());
        assertThat(unit).contains("User=prochat-rtc").contains("ProtectSystem=strict").contains("NoNewPrivileges=true")
                .contains("LimitNOFILE=").contains("Restart=on-failure").contains("TimeoutStopSec=60")
                .contains("-Dice4j.harvest.mapping.aws.enabled=false")
                .contains("ReadWritePaths=/var/lib/prochat-rtc /srv/prochat-rtc /var/log/prochat-rtc")
                .contains("# and its directories: install -d -o prochat-rtc -g prochat-rtc /srv/prochat-rtc /var/log/prochat-rtc")
                .contains("serve --config " + dir.resolve("config.toml").toAbsolutePath())
                .doesNotContain("ExecReload=");
        Path file = Files.writeString(dir.resolve("prochat-rtc.service"), unit);

        Run verify = run(List.of("systemd-analyze", "verify", file.toString()));

        // verify also reports on other units it loads (network-online.target…): only this unit's lines matter
        List<String> ours = verify.output().lines().filter(l -> l.contains("prochat-rtc.service")).toList();
        assertThat(ours).as(verify.output()).isEmpty();
        assertEquals(0, verify.status(), verify.output());
    }

    @Test
    void theDefaultStoreUnderTheStateDirectoryNeedsNoExtraPath() throws Exception {
        String unit = print("print", "systemd");

        assertThat(unit).contains("ReadWritePaths=/var/lib/prochat-rtc\n").doesNotContain("install -d")
                .contains("ExecStart=/usr/bin/java -Dice4j.harvest.mapping.aws.enabled=false -XX:+UseG1GC"
                        + " -XX:MaxGCPauseMillis=20 -Xms1g -Xmx1g -XX:+ExitOnOutOfMemoryError $PROCHAT_JAVA_OPTS -jar")
                .contains("serve --config /etc/prochat-rtc/config.toml").contains("CapabilityBoundingSet=\n");
    }

    @Test
    void aBrokenUnitIsWhatSystemdAnalyzeComplainsAbout() throws Exception {
        // the check above is only worth something if verify does complain about our file when it is wrong
        String unit = print("print", "systemd", "--config", config().toString()).replace("ProtectSystem=strict",
                "ProtectSystem=bogus");
        Path file = Files.writeString(dir.resolve("prochat-rtc.service"), unit);

        Run verify = run(List.of("systemd-analyze", "verify", file.toString()));

        assertThat(verify.output()).contains("prochat-rtc.service").contains("protect system value");
    }

    @Test
    void theNginxBlockPassesNginxTestWithACertificate() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Run openssl = run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=rtc.test", "-keyout", key.toString(), "-out", cert.toString()));
        assertEquals(0, openssl.status(), openssl.output());
        String site = print("print", "nginx", "--config", config().toString(), "--server-name", "rtc.test",
                "--cert", cert.toString(), "--key", key.toString());
        assertThat(site).contains("listen 8443 ssl;").contains("server_name rtc.test;")
                .contains("location ~ ^/huddle/[^/]+/ws$").contains("location = /ws")
                .contains("proxy_pass http://127.0.0.1:8444;").contains("proxy_set_header Upgrade $http_upgrade;")
                .doesNotContain("Set [Gateway] PublicURL");
        Files.writeString(dir.resolve("prochat-rtc.conf"), site);
        Path wrapper = Files.writeString(dir.resolve("nginx.conf"), """
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events {}
                http {
                    access_log off;
                    include %1$s/prochat-rtc.conf;
                }
                """.formatted(dir));

        Run test = run(List.of("nginx", "-t", "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", wrapper.toString()));

        assertEquals(0, test.status(), test.output());
        assertThat(test.output()).contains("test is successful").doesNotContain("[warn]");
    }

    @Test
    void nginxOnTheGatewaysOwnPortIsRefusedWithOneLine() throws Exception {
        Path cfg = Files.writeString(dir.resolve("same.toml"), "[HTTP]\nServerPort = 8443\n");

        assertEquals(Main.EXIT_CONFIG, Main.run("print", "nginx", "--config", cfg.toString()));
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).contains("ServerPort = 8443")
                .contains("ServerPort = 8444").doesNotContain("\n");
    }

    @Test
    void theFirewallLinesPassUfwDryRun() throws Exception {
        String rules = print("print", "ufw", "--config", config().toString());
        assertThat(rules).contains("ufw allow 8443/tcp").contains("ufw allow 8046/udp").contains("ufw allow 8046/tcp")
                .doesNotContain("8444");

        List<String> commands = rules.lines().filter(l -> l.startsWith("ufw ")).toList();
        assertThat(commands).hasSize(4);
        for (String line : commands) {
            List<String> cmd = new ArrayList<>(List.of("ufw", "--dry-run"));
            cmd.addAll(shellWords(line.substring(4)));
            Run r = run(cmd);
            assertEquals(0, r.status(), line + "\n" + r.output());
            assertThat(r.output()).as(line).doesNotContainIgnoringCase("error").doesNotContain("Invalid");
        }
    }

    @Test
    void theEnvTemplateNamesVariablesTheGatewayReads() throws Exception {
        String env = print("print", "env", "--config", config().toString());
        assertThat(env).contains("#PROCHAT_JITSI_APPSECRET=").contains("#PROCHAT_MATTERMOST_BOTTOKEN=")
                .contains("#PROCHAT_JAVA_OPTS=");
        Map<String, String> vars = new HashMap<>();
        for (String line : env.lines().toList()) {
            if (line.matches("#PROCHAT_[A-Z_]+=.*")) {
                String name = line.substring(1, line.indexOf('='));
                if (!name.equals("PROCHAT_JAVA_OPTS")) { // the unit's, not the gateway's
                    vars.put(name, "value-0123456789abcdef0123456789abcdef");
                }
            }
        }
        assertThat(vars).isNotEmpty();
        // the settings the secrets go with (they come from the config file in a deployment)
        vars.putAll(Map.of("PROCHAT_JITSI_URL", "https://meet.example.org", "PROCHAT_JITSI_APPID", "prochat",
                "PROCHAT_JITSI_XMPPHOST", "127.0.0.1", "PROCHAT_JITSI_XMPPUSER", "focus",
                "PROCHAT_JITSI_XMPPDOMAIN", "meet.example.org",
                "PROCHAT_MATTERMOST_URL", "https://chat.example.org"));
        List<String> warnings = new ArrayList<>();

        GatewayConfig cfg = ConfigLoader.load(null, vars, warnings::add);

        assertThat(warnings).isEmpty();
        assertEquals("value-0123456789abcdef0123456789abcdef", cfg.jitsi().appSecret());
    }

    /** 'quoted words' and bare words, as sh splits the generated lines. */
    private static List<String> shellWords(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : s.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }
}
