package io.prochat.rtc.gateway.rtcd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** /system's cpu_load from a /proc/stat written by the test, with a clock it moves. */
class CpuLoadTest {
    @TempDir
    Path dir;

    @Test
    void elapsedOverIdleAndAlwaysFinite() throws Exception {
        Path stat = dir.resolve("stat");
        AtomicLong now = new AtomicLong(0);
        // cpu user nice system idle iowait ...; idle in 1/100 s
        Files.writeString(stat, "cpu  100 0 50 1000 5 0 0 0 0 0\ncpu0 50 0 25 500 2 0 0 0 0 0\n");
        CpuLoad load = new CpuLoad(stat, now::get);

        Files.writeString(stat, "cpu  200 0 50 1200 5 0 0 0 0 0\n"); // 2 s of idle CPU time in 1 s: 2 idle cores
        now.set(1_000_000_000L);
        assertThat(load.value()).isEqualTo(0.5);

        now.set(1_500_000_000L); // under a second later: the last value
        assertThat(load.value()).isEqualTo(0.5);

        now.set(2_000_000_000L); // no idle time at all: one tick counts, so 1 s / 0.01 s, not infinity
        assertThat(load.value()).isEqualTo(100.0);

        Files.writeString(stat, "garbage\n");
        now.set(3_000_000_000L);
        assertThat(load.value()).isFinite();
    }
}
