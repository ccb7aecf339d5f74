package io.prochat.rtc.gateway.rtcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code GET /system}'s {@code cpu_load}, computed as rtcd does (rtcd.md §1): wall-clock seconds elapsed divided by
 * the idle CPU-seconds (all CPUs) that passed meanwhile, from {@code /proc/stat}. Lower means less busy; the plugin
 * only compares hosts. Unlike rtcd it is always finite: no idle time at all counts as one tick of it. Where
 * {@code /proc/stat} cannot be read the answer is computed from the number of cores alone (as if idle).
 *
 * <p>Sampled at most once a second, on the caller's thread; thread-safe.
 */
public final class CpuLoad {
    /** USER_HZ: /proc/stat counts in 1/100 s on every Linux architecture we run on. */
    static final double TICKS_PER_SECOND = 100.0;
    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

    private final Path procStat;
    private final LongSupplier nanoClock;
    private long lastNanos;      // guarded by this
    private long lastIdleTicks;  // guarded by this; -1 = unreadable
    private double lastLoad;     // guarded by this

    public CpuLoad() {
        this(Path.of("/proc/stat"), System::nanoTime);
    }

    CpuLoad(Path procStat, LongSupplier nanoClock) {
        this.procStat = procStat;
        this.nanoClock = nanoClock;
        this.lastNanos = nanoClock.getAsLong();
        this.lastIdleTicks = idleTicks();
        this.lastLoad = 1.0 / Runtime.getRuntime().availableProcessors();
    }

    public synchronized double value() {
        long now = nanoClock.getAsLong();
        if (now - lastNanos < MIN_INTERVAL_NANOS) {
            return lastLoad;
        }
        long idle = idleTicks();
        if (idle >= 0 && lastIdleTicks >= 0 && idle >= lastIdleTicks) {
            double elapsed = (now - lastNanos) / 1e9;
            double idleSeconds = Math.max(1, idle - lastIdleTicks) / TICKS_PER_SECOND;
            lastLoad = elapsed / idleSeconds;
        }
        lastNanos = now;
        lastIdleTicks = idle;
        return lastLoad;
    }

    /** The idle column of the aggregate {@code cpu} line, in ticks; -1 when unreadable. */
    long idleTicks() {
        try {
            List<String> lines = Files.readAllLines(procStat);
            for (String line : lines) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    return f.length > 4 ? Long.parseLong(f[4]) : -1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: keep the last value
        }
        return -1;
    }
}
