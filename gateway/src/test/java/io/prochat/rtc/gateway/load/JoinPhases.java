package io.prochat.rtc.gateway.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's side of the joins, from the {@code prochat_sfu_join_phase_seconds} histogram on {@code /metrics}:
 * each phase's p50 and p99 as the upper bound of the bucket that holds it (so "≤ x ms"), which says where the join
 * → first media time the generator measures is spent (signalling, ice, dtls, media).
 */
final class JoinPhases {
    private static final Pattern BUCKET = Pattern.compile(
            "^prochat_sfu_join_phase_seconds_bucket\\{[^}]*phase=\"(\\w+)\"[^}]*le=\"([^\"]+)\"[^}]*}\\s+([0-9.eE+]+)",
            Pattern.MULTILINE);

    private JoinPhases() {
    }

    /** One line: "signalling ≤ a / ≤ b ms, ice ..., (n joins)", or "" when the scrape has no such histogram. */
    static String summary(String metrics) {
        Map<String, TreeMap<Double, Double>> phases = new TreeMap<>();
        Matcher m = BUCKET.matcher(metrics);
        while (m.find()) {
            double le = "+Inf".equals(m.group(2)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
            phases.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(le, Double.parseDouble(m.group(3)));
        }
        List<String> parts = new ArrayList<>();
        for (String phase : List.of("signalling", "ice", "dtls", "media")) {
            TreeMap<Double, Double> cumulative = phases.get(phase);
            if (cumulative == null || cumulative.isEmpty() || cumulative.lastEntry().getValue() == 0) {
                continue;
            }
            double n = cumulative.lastEntry().getValue();
            parts.add(String.format("%s ≤ %s / ≤ %s ms (%d)", phase, quantile(cumulative, n, 0.5),
                    quantile(cumulative, n, 0.99), (long) n));
        }
        return String.join(", ", parts);
    }

    private static String quantile(TreeMap<Double, Double> cumulative, double n, double q) {
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= q * n) {
                return e.getKey().isInfinite() ? "∞" : String.format("%.0f", e.getKey() * 1000);
            }
        }
        return "∞";
    }
}
