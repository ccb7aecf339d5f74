package io.prochat.rtc.gateway.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU ticks (user + system) of each thread of a process, grouped by name with the digits taken out
 * ({@code sfu-media-1} and {@code sfu-media-2} are {@code sfu-media-#}), from {@code /proc/<pid>/task/<tid>/stat}:
 * which threads the SFU's time goes to (the media workers, ice4j's UDP receive thread, the GC...). Linux keeps the
 * first 15 bytes of a thread's name.
 */
record ThreadCpu(Map<String, Long> ticksByGroup) {
    static ThreadCpu of(long pid) {
        Map<String, Long> ticks = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = ProcStat.fields(stat);
                    long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    ticks.merge(name.replaceAll("[0-9]+", "#"), t, Long::sum);
                } catch (IOException | RuntimeException threadEnded) {
                    // a thread that ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return new ThreadCpu(Map.of());
        }
        return new ThreadCpu(ticks);
    }

    /**
     * The groups that used at least 1 % of a core between {@code before} and this sample, busiest first, as
     * "name 37 %" (share of one core over {@code seconds}). Threads that ended in between are not counted.
     */
    String busiestSince(ThreadCpu before, double seconds) {
        StringBuilder b = new StringBuilder();
        ticksByGroup.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.ticksByGroup.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() * ProcStat.TICK_SECONDS / seconds >= 0.01)
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .forEach(e -> b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                        .append(Math.round(e.getValue() * ProcStat.TICK_SECONDS / seconds * 100)).append(" %"));
        return b.toString();
    }
}
