package io.prochat.rtc.gateway.packaged;

import io.prochat.rtc.gateway.packaged.Features.Serving;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File logging ([Logger] EnableFile, a directory that does not exist yet) and the no-key endpoints. */
class OperationsIT {
    @TempDir
    Path dir;

    @Test
    void theLogFileIsWrittenAndMetricsAreServed() throws Exception {
        Path log = dir.resolve("logs/gateway.log");
        try (Serving jar = Features.serve(dir.resolve("jar"), Features.fileLogging(log))) {
            Features.checkLogFile(log);
            Features.checkMetrics(jar.api());
        }
    }
}
