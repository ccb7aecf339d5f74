package io.prochat.rtc.gateway.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.packaged.Features.Serving;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two config files operators already have, passed to {@code serve --config} unchanged: the deployment
 * guide's {@code config.toml} (Option A) and one in rtcd's own layout. Only what cannot be shared on a test
 * machine is overridden, the way an operator would: ports, the store and log paths ({@code /var/lib/rtcd}).
 */
class ConfigFilesIT {
    @TempDir
    Path dir;

    private Map<String, String> localPaths() {
        return Map.of("PROCHAT_STORE_DATASOURCE", dir.resolve("store/rtcd.db").toString(),
                "PROCHAT_LOGGER_FILELOCATION", dir.resolve("log/rtcd.log").toString());
    }

    @Test
    void theDeploymentGuidesConfigVerbatim() throws Exception {
        Path file = copy("deployment-guide-option-a.toml");
        try (Serving jar = Features.serve(dir.resolve("guide"), localPaths(), "--config", file.toString())) {
            Features.checkMetrics(jar.api());
            assertThat(jar.api().post("/api/v1/calls", """
                    {"title":"standup","createdBy":{"userId":"u-bob","name":"Bob"}}""").json().get("backend").asText())
                    .isEqualTo("sfu");
            Features.checkLogFile(dir.resolve("log/rtcd.log"));
        }
    }

    @Test
    void rtcdsOwnLayout() throws Exception {
        Path file = copy("rtcd-layout.toml");
        try (Serving jar = Features.serve(dir.resolve("rtcd"), localPaths(), "--config", file.toString())) {
            Features.checkMetrics(jar.api());
            assertThat(jar.api().post("/api/v1/calls", """
                    {"title":"standup","createdBy":{"userId":"u-bob","name":"Bob"}}""").json().get("backend").asText())
                    .isEqualTo("sfu");
            Features.checkLogFile(dir.resolve("log/rtcd.log"));
        }
    }

    private Path copy(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = ConfigFilesIT.class.getResourceAsStream("/config/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }
}
