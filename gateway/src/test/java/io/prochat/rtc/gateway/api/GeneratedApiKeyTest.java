package io.prochat.rtc.gateway.api;

import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.RoutingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With no key configured, one is generated on first start, shown once, and stored only as a hash. */
class GeneratedApiKeyTest {
    @TempDir
    Path dir;

    @Test
    void firstStartShowsAKeyOnceThatKeepsWorkingAfterRestart() throws Exception {
        String key;
        var config = TestGateway.config(dir, RoutingMode.HYBRID, List.of(), 65536);
        try (TestGateway first = TestGateway.start(config, null)) {
            Matcher m = Pattern.compile("(prk_[A-Za-z0-9_-]{43})").matcher(first.console());
            assertThat(m.find()).as("key shown on the console: %s", first.console()).isTrue();
            key = m.group(1);
            ApiClient client = new ApiClient("http://127.0.0.1:" + first.port(), key);
            assertEquals(200, client.get("/api/v1/calls").status());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("the key itself is stored nowhere: %s", f).doesNotContain(key);
            }
        }
        try (TestGateway second = TestGateway.start(config, null)) {
            assertThat(second.console()).as("shown only once").doesNotContain("prk_");
            ApiClient client = new ApiClient("http://127.0.0.1:" + second.port(), key);
            assertEquals(200, client.get("/api/v1/calls").status());
            assertEquals(401, new ApiClient("http://127.0.0.1:" + second.port(), "prk_wrong").get("/api/v1/calls").status());
        }
    }
}
