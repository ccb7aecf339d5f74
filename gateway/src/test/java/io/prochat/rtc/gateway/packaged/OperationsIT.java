package io.prochat.rtc.gateway.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.gateway.packaged.Features.Serving;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File logging ([Logger] EnableFile, a directory that does not exist yet) and the no-key endpoints. */
class OperationsIT {
    @TempDir
    Path dir;

    /**
     * With the console off, everything goes to the file, start-up warnings about the config included (they used to
     * reach stdout in logback's default format before [Logger] was applied).
     */
    @Test
    void theLogFileIsWrittenAndMetricsAreServed() throws Exception {
        Path log = dir.resolve("logs/gateway.log");
        Map<String, String> env = new HashMap<>(Features.fileLogging(log));
        env.put("PROCHAT_LOGGER_ENABLECONSOLE", "false");
        env.put("RTCD_RTC_ENABLEIPV6", "true"); // rtcd's variable for what we do not do yet: warned about
        try (Serving jar = Features.serve(dir.resolve("jar"), env)) {
            Features.checkLogFile(log);
            Features.checkMetrics(jar.api());
            assertThat(Features.read(log)).contains("accepted but ignored", "RTCD_RTC_ENABLEIPV6");
            assertThat(jar.jar().stdout()).isEmpty();
            assertThat(jar.jar().stderr()).isEmpty();
        }
    }
}
