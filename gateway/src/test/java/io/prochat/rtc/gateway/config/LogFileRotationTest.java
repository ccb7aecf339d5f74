package io.prochat.rtc.gateway.config;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** [Logger] FileJSON (JSON lines, rtcd's file_json) and the file's rotation by size (FileMaxSizeMB, FileMaxBackups). */
class LogFileRotationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @AfterEach
    void restore() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        new ContextInitializer(ctx).autoConfig();
    }

    @Test
    void fileJsonWritesOneJsonObjectPerLineWithTheStackTraceOfAnError() throws Exception {
        Path file = dir.resolve("gateway.log");
        LoggingSetup.apply(new LoggerConfig(false, "INFO", true, file.toString(), "DEBUG", false, true, 100, 10));
        Logger log = LoggerFactory.getLogger("io.prochat.rtc.test");

        log.info("call {} created: \"standup\"", "c1");
        log.error("store failure", new IllegalStateException("disk full"));

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), String.join("\n", lines));
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals("INFO", first.get("level").asText());
        assertEquals("call c1 created: \"standup\"", first.get("msg").asText());
        assertEquals("io.prochat.rtc.test", first.get("logger").asText());
        assertThat(first.get("time").asText()).endsWith("Z");
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("error").asText()).contains("IllegalStateException: disk full");
    }

    @Test
    void theFileIsRotatedAtItsSizeKeepingFileMaxBackups() throws Exception {
        Path file = dir.resolve("gateway.log");
        LoggingSetup.apply(new LoggerConfig(false, "INFO", true, file.toString(), "INFO", false, false, 1, 2));
        Logger log = LoggerFactory.getLogger("io.prochat.rtc.test");
        String kb = "x".repeat(1000);

        // three times: a little over 1 MiB, then a line now and then until logback (which looks at the size at most
        // once a second) has rotated
        for (int round = 1; round <= 3; round++) {
            for (int i = 0; i < 1100; i++) {
                log.info("round {} line {} {}", round, i, kb);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (Files.size(file) > 1_048_576 && System.nanoTime() < deadline) {
                log.info("round {} waiting", round);
                Thread.sleep(20);
            }
            int r = round;
            assertThat(Files.size(file)).as(() -> "round " + r + ": " + list()).isLessThan(1_048_576);
        }

        assertThat(dir.resolve("gateway.log.1")).exists();
        assertThat(dir.resolve("gateway.log.2")).exists();
        assertThat(dir.resolve("gateway.log.3")).doesNotExist();
        assertThat(Files.size(dir.resolve("gateway.log.1"))).isGreaterThan(1_000_000L);
    }

    private String list() {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName() + "=" + p.toFile().length()).toList().toString();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void rtcdsJsonKeysAndOurSizeKeysLoad() throws Exception {
        Path rtcd = Files.writeString(dir.resolve("rtcd.toml"), """
                [logger]
                enable_file = true
                file_location = "/var/log/rtcd.log"
                file_json = true
                console_json = true
                """);
        LoggerConfig c = ConfigLoader.load(rtcd, Map.of()).logger();
        assertThat(c.fileJson()).isTrue();
        assertThat(c.consoleJson()).isTrue();

        Path ours = Files.writeString(dir.resolve("ours.toml"), "[Logger]\nFileMaxSizeMB = 0\n");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigLoader.load(ours, Map.of())).getMessage())
                .isEqualTo("[Logger] FileMaxSizeMB = 0: must be between 1 and 10240");
    }
}
