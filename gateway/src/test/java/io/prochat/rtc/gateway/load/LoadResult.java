package io.prochat.rtc.gateway.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One measured window, as a row of the table. Forwarded = SRTP packets the SFU sent
 * ({@code prochat_sfu_rtp_packets_total{direction="out"}}); CPU per forwarded packet = the SFU process's utime and
 * stime over the window ÷ forwarded; RSS per participant = (VmRSS at the end − VmRSS idle, before any call) ÷
 * participants; loss from the receivers' sequence numbers; join → first media from each join message to the first
 * RTP packet it received, for joins into a huddle where someone already published.
 */
record LoadResult(Workload w, String sfuCores, String genCores, double window, ProcStat idle, ProcStat s0, ProcStat s1,
                  ProcStat gen0, ProcStat gen1, LoadGenerator.Report g0, LoadGenerator.Report g1, double forwarded,
                  long udpDrops, List<LoadGenerator.Join> timed, List<LoadGenerator.Join> all) {
    /** The generator must leave room to spare, or it, not the SFU, is what the numbers measure. */
    static final double GENERATOR_LIMIT = 0.70;

    static String header() {
        return """
                | workload | SFU cores | generator cores | joined | forwarded pkt/s | SFU µs/pkt user + sys = total \
                | RSS/participant (idle) | receiver loss | join → media p50 / p99 (n) | generator CPU | UDP RcvbufErrors \
                | valid |
                |---|---|---|---|---|---|---|---|---|---|---|---|
                """;
    }

    long joined() {
        return all.stream().filter(j -> j.error == null && j.connectedMs >= 0).count();
    }

    double forwardedPerSecond() {
        double f = Double.isNaN(forwarded) ? g1.received() - g0.received() : forwarded;
        return f / window;
    }

    double userMicros() {
        return s1.userSecondsSince(s0) * 1e6 / (forwardedPerSecond() * window);
    }

    double systemMicros() {
        return s1.systemSecondsSince(s0) * 1e6 / (forwardedPerSecond() * window);
    }

    double rssPerParticipantMb() {
        return (s1.rssKb() - idle.rssKb()) / 1024.0 / w.participants();
    }

    double loss() {
        long expected = g1.expected() - g0.expected();
        long received = g1.received() - g0.received();
        return expected <= 0 ? 0 : Math.max(0, expected - received) / (double) expected;
    }

    /** The generator's CPU as a share of one core. */
    double generatorCpu() {
        return gen1.cpuSecondsSince(gen0) / window;
    }

    double percentile(double p) {
        List<Double> ms = new ArrayList<>();
        for (LoadGenerator.Join j : timed) {
            if (j.mediaMs >= 0) {
                ms.add(j.mediaMs);
            }
        }
        if (ms.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(ms);
        return ms.get(Math.min(ms.size() - 1, (int) Math.ceil(p * ms.size()) - 1));
    }

    long timedWithMedia() {
        return timed.stream().filter(j -> j.mediaMs >= 0).count();
    }

    /**
     * Why joins fell short, counted by reason: the generator's error message (signalling, refusal, ICE/DTLS
     * failure), or the stage a join had not reached when the launcher stopped waiting for it.
     */
    java.util.SortedMap<String, Integer> failures() {
        java.util.SortedMap<String, Integer> out = new java.util.TreeMap<>();
        for (LoadGenerator.Join j : all) {
            String why = j.error != null ? j.error
                    : j.connectedMs < 0 ? "not connected when the launcher stopped waiting"
                    : timed.contains(j) && j.mediaMs < 0 ? "connected, no media when the launcher stopped waiting"
                    : null;
            if (why != null) {
                out.merge(why, 1, Integer::sum);
            }
        }
        return out;
    }

    /** The failures as lines under the table's row, or "" when every join made it. */
    String failureLines() {
        StringBuilder b = new StringBuilder();
        failures().forEach((why, n) -> b.append(String.format(Locale.ROOT, "  - %s, %s cores: %d × %s%n",
                w.label(), sfuCores, n, why)));
        return b.toString();
    }

    String validity() {
        List<String> why = new ArrayList<>();
        if (generatorCpu() >= GENERATOR_LIMIT) {
            why.add(String.format(Locale.ROOT, "generator at %.0f %% of a core", generatorCpu() * 100));
        }
        if (joined() < w.participants()) {
            why.add((w.participants() - joined()) + " joins failed");
        }
        if (timedWithMedia() < timed.size()) {
            why.add((timed.size() - timedWithMedia()) + " joins without media");
        }
        return why.isEmpty() ? "yes" : "**no**: " + String.join(", ", why);
    }

    String row() {
        return String.format(Locale.ROOT,
                "| %s | %s | %s | %d / %d | %,.0f | %.2f + %.2f = %.2f | %.2f MB (%.0f MB) | %.3f %% "
                        + "| %.0f / %.0f ms (%d) | %.0f %% | %d | %s |",
                w.label(), sfuCores, genCores, joined(), w.participants(), forwardedPerSecond(), userMicros(),
                systemMicros(), userMicros() + systemMicros(), rssPerParticipantMb(), idle.rssKb() / 1024.0,
                loss() * 100, percentile(0.50), percentile(0.99), timedWithMedia(), generatorCpu() * 100, udpDrops,
                validity());
    }
}
