package io.prochat.rtc.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.prochat.rtc.sfu.SfuMetrics;
import org.junit.jupiter.api.Test;

/** The forwarders' counters (issue 11, items 3 and 8) reach /metrics under the names docs/metrics.md gives. */
class SfuMetricsScrapeTest {
    @Test
    void forwarderAndNackCountersAreScraped() {
        SfuMetrics sfu = new SfuMetrics();
        sfu.media(SfuMetrics.Media.NACK_OVER_BUDGET, 7);
        sfu.media(SfuMetrics.Media.UNKNOWN_SSRC, 3);
        sfu.retransmitted(5);
        sfu.media(SfuMetrics.Media.RTCP_MALFORMED, 2);
        sfu.refused(SfuMetrics.Refusal.SSRC_RETIRED);
        try (GatewayMetrics metrics = new GatewayMetrics()) {
            metrics.bindSfu(sfu, () -> 0);
            String text = metrics.scrape();
            assertThat(text).contains("prochat_sfu_nacks_refused_total{reason=\"over_budget\"} 7.0")
                    .contains("prochat_sfu_forwarder_dropped_total{reason=\"unknown_ssrc\"} 3.0")
                    .contains("prochat_sfu_retransmissions_total 5.0")
                    .contains("prochat_sfu_packets_dropped_total{reason=\"send_queue_full\"} 0.0")
                    .contains("prochat_sfu_forwarder_dropped_total{reason=\"rtcp_malformed\"} 2.0")
                    .contains("prochat_sfu_joins_refused_total{reason=\"ssrc_retired\"} 1.0")
                    .contains("prochat_sfu_ice_role_conflicts_total 0.0");
        }
    }

    /**
     * docs/metrics.md is true of the SFU's counters: every reason it lists for a prochat_sfu_ counter is scraped, and
     * every reason scraped is listed.
     */
    @Test
    void everySfuReasonInTheDocsIsScrapedAndNoOther() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
        Map<String, Set<String>> documented = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `(prochat_sfu_[a-z_]+)` \\| counter \\| `reason` \\(([a-z_, ]+)\\)")
                .matcher(doc);
        while (row.find()) {
            documented.put(row.group(1), new TreeSet<>(List.of(row.group(2).split(", "))));
        }
        assertThat(documented).containsKeys("prochat_sfu_packets_dropped_total", "prochat_sfu_forwarder_dropped_total",
                "prochat_sfu_nacks_refused_total", "prochat_sfu_joins_refused_total",
                "prochat_sfu_transports_closed_total");
        Map<String, Set<String>> scraped = new TreeMap<>();
        try (GatewayMetrics metrics = new GatewayMetrics()) {
            metrics.bindSfu(new SfuMetrics(), () -> 0);
            Matcher m = Pattern.compile("(?m)^(prochat_sfu_[a-z_]+)\\{reason=\"([a-z_]+)\"}").matcher(metrics.scrape());
            while (m.find()) {
                scraped.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertThat(scraped).isEqualTo(documented);
    }

    /**
     * The media path's stage counters reach /metrics as prochat_sfu_stage_packets_total{stage,outcome}, and the stage
     * table of docs/metrics.md lists exactly the stages and outcomes scraped.
     */
    @Test
    void everyStageAndOutcomeInTheDocsIsScrapedAndNoOther() throws Exception {
        SfuMetrics sfu = new SfuMetrics();
        sfu.passed(SfuMetrics.Stage.FAN_OUT);
        sfu.dropped(SfuMetrics.StageDrop.MUTED);
        sfu.dropped(SfuMetrics.StageDrop.MUTED);
        String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
        Map<String, Set<String>> documented = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `stage=([a-z_]+)` \\| ([a-z_, ]+) \\|").matcher(doc);
        while (row.find()) {
            documented.put(row.group(1), new TreeSet<>(List.of(row.group(2).split(", "))));
        }
        assertThat(documented).containsKeys("fan_out", "mute_filter", "stream_lookup", "simulcast_select");
        Map<String, Set<String>> scraped = new TreeMap<>();
        try (GatewayMetrics metrics = new GatewayMetrics()) {
            metrics.bindSfu(sfu, () -> 0);
            String text = metrics.scrape();
            assertThat(text).contains("prochat_sfu_stage_packets_total{outcome=\"passed\",stage=\"fan_out\"} 1.0")
                    .contains("prochat_sfu_stage_packets_total{outcome=\"muted\",stage=\"mute_filter\"} 2.0");
            Matcher m = Pattern.compile("(?m)^prochat_sfu_stage_packets_total\\{outcome=\"([a-z_]+)\",stage=\"([a-z_]+)\"}")
                    .matcher(text);
            while (m.find()) {
                scraped.computeIfAbsent(m.group(2), k -> new TreeSet<>()).add(m.group(1));
            }
        }
        assertThat(scraped).isEqualTo(documented);
    }

    @Test
    void joinPhasesAreAHistogramPerPhase() {
        SfuMetrics sfu = new SfuMetrics();
        try (GatewayMetrics metrics = new GatewayMetrics()) {
            metrics.bindSfu(sfu, () -> 0);
            sfu.joinPhase(SfuMetrics.JoinPhase.ICE, 40_000_000L);
            sfu.joinPhase(SfuMetrics.JoinPhase.ICE, 900_000_000L);
            String scrape = metrics.scrape();
            assertThat(scrape).contains("prochat_sfu_join_phase_seconds_count{phase=\"ice\"} 2")
                    .contains("prochat_sfu_join_phase_seconds_count{phase=\"media\"} 0")
                    .contains("prochat_sfu_join_phase_seconds_bucket{phase=\"ice\",le=\"0.044739241\"} 1")
                    .contains("prochat_sfu_join_phase_seconds_bucket{phase=\"ice\",le=\"1.073741824\"} 2");
            assertThat(sfu.joinPhases(SfuMetrics.JoinPhase.ICE)).isEqualTo(2);
        }
    }

    @Test
    void mediaTcpRefusalsAndPendingConnectionsAreScraped() {
        SfuMetrics sfu = new SfuMetrics();
        sfu.bindTcp(r -> r == io.prochat.rtc.sfu.ice.TcpRefusal.PER_ADDRESS ? 34 : 0, () -> 256);
        try (GatewayMetrics metrics = new GatewayMetrics()) {
            metrics.bindSfu(sfu, () -> 0);
            assertThat(metrics.scrape()).contains("prochat_sfu_tcp_refused_total{reason=\"per_address\"} 34.0")
                    .contains("prochat_sfu_tcp_refused_total{reason=\"idle\"} 0.0")
                    .contains("prochat_sfu_tcp_refused_total{reason=\"unknown_session\"} 0.0")
                    .contains("prochat_sfu_tcp_pending 256.0");
        }
    }
}
