package io.prochat.rtc.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/config.md stays true: every key is documented, and every TOML example loads. */
class ConfigDocsTest {
    private static final Path DOC = Path.of("..", "docs", "config.md");

    @TempDir
    Path dir;

    @Test
    void everyKeyIsDocumentedWithItsEnvironmentVariable() throws Exception {
        String doc = Files.readString(DOC);

        for (Key key : Key.values()) {
            String written = key == Key.RTC_ICE_SERVERS ? "`[[RTC.ICEServers]]`" : "`" + key.name + "`";
            assertThat(doc).as(key.id()).contains(written).contains(key.envName());
        }
        for (String section : Key.SECTIONS) {
            assertThat(doc).contains("### `[" + section + "]`");
        }
    }

    @Test
    void everyTomlExampleLoads() throws Exception {
        Matcher m = Pattern.compile("```toml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        List<GatewayConfig> loaded = new ArrayList<>();
        while (m.find()) {
            String toml = m.group(1);
            // The examples leave secrets to the environment, as the docs recommend.
            Map<String, String> env = new HashMap<>();
            if (toml.contains("AppID")) {
                env.put("PROCHAT_JITSI_APPSECRET", "0123456789abcdef0123");
            }
            if (toml.contains("XMPPHost")) {
                env.put("PROCHAT_JITSI_XMPPPASSWORD", "xmpp-password");
            }
            if (toml.contains("[Mattermost]")) {
                env.put("PROCHAT_MATTERMOST_BOTTOKEN", "bot-token");
            }
            loaded.add(ConfigFiles.load(dir, toml, env));
        }

        assertThat(loaded).hasSizeGreaterThanOrEqualTo(2);
        assertThat(loaded.get(0).gateway().effectivePublicUrl(loaded.get(0).http()))
                .isEqualTo("https://meet.promeet.gr:8443");
        assertThat(loaded.get(1).http().serverPort()).isEqualTo(8443);
    }
}
