package io.prochat.rtc.gateway.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One process's CPU time and resident memory as the kernel counts them ({@code /proc/<pid>/stat} utime and stime in
 * clock ticks, {@code /proc/<pid>/status} VmRSS), and the host's UDP receive-buffer drops ({@code /proc/net/snmp}).
 */
record ProcStat(long userTicks, long systemTicks, long rssKb) {
    /** USER_HZ: 100 on every Linux ABI the JDK runs on. */
    static final double TICK_SECONDS = 0.01;

    static ProcStat of(long pid) {
        try {
            String[] f = fields(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
            long utime = Long.parseLong(f[11]); // field 14
            long stime = Long.parseLong(f[12]); // field 15
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return new ProcStat(utime, stime, rss);
        } catch (IOException e) {
            throw new UncheckedIOException("process " + pid + " is gone", e);
        }
    }

    /**
     * The fields of a {@code stat} line (a process's, or a thread's under {@code task/}) after the command name in
     * parentheses, which may hold spaces: index 0 is field 3 (state), utime is at 11 and stime at 12.
     */
    static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** CPU seconds, user and system, spent between {@code before} and this sample. */
    double userSecondsSince(ProcStat before) {
        return (userTicks - before.userTicks) * TICK_SECONDS;
    }

    double systemSecondsSince(ProcStat before) {
        return (systemTicks - before.systemTicks) * TICK_SECONDS;
    }

    /** User and system together. */
    double cpuSecondsSince(ProcStat before) {
        return userSecondsSince(before) + systemSecondsSince(before);
    }

    /** {@code Udp: ... RcvbufErrors}: datagrams the kernel dropped for a full socket buffer, host-wide. */
    static long udpRcvbufErrors() {
        try {
            String[] header = null;
            for (String line : Files.readAllLines(Path.of("/proc/net/snmp"))) {
                if (line.startsWith("Udp: ")) {
                    String[] cells = line.substring(5).trim().split("\\s+");
                    if (header == null) {
                        header = cells;
                    } else {
                        for (int i = 0; i < header.length; i++) {
                            if (header[i].equals("RcvbufErrors")) {
                                return Long.parseLong(cells[i]);
                            }
                        }
                    }
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
