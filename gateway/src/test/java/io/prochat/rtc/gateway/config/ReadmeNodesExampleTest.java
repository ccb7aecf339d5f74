package io.prochat.rtc.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's SFU-node example files load, with the secrets from the environment as the example says. */
class ReadmeNodesExampleTest {
    @TempDir
    Path dir;

    @Test
    void theNodeAndGatewayFilesOfTheSfuNodesExampleLoad() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int from = readme.indexOf("### SFU nodes: media on machines of their own");
        assertThat(from).isPositive();
        String section = readme.substring(from, readme.indexOf("\n## ", from));
        Matcher m = Pattern.compile("```toml\\n(.*?)```", Pattern.DOTALL).matcher(section);
        Map<String, String> env = Map.of("PROCHAT_CLUSTER_SECRET", "0123456789abcdef0123456789abcdef");
        List<GatewayConfig> loaded = new ArrayList<>();
        while (m.find()) {
            String toml = m.group(1).replace("/etc/prochat-rtc/tls/", dir + "/"); // paths are read at serve time
            loaded.add(ConfigFiles.load(dir, toml, env));
        }
        assertThat(loaded).hasSize(2);
        GatewayConfig node = loaded.get(0);
        assertThat(node.cluster().nodeId()).isEqualTo("node1");
        assertThat(node.http().allowSelfRegistration()).isTrue();
        assertThat(node.http().tls()).isTrue();
        assertThat(node.store().dataSource()).startsWith("postgres://");
        assertThat(loaded.get(1).gateway().effectivePublicUrl(loaded.get(1).http())).isEqualTo("https://rtc.example.com");
    }
}
