package io.prochat.rtc.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

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
        try (GatewayMetrics metrics = new GatewayMetrics()) {
            metrics.bindSfu(sfu, () -> 0);
            String text = metrics.scrape();
            assertThat(text).contains("prochat_sfu_nacks_refused_total{reason=\"over_budget\"} 7.0")
                    .contains("prochat_sfu_forwarder_dropped_total{reason=\"unknown_ssrc\"} 3.0")
                    .contains("prochat_sfu_retransmissions_total 5.0")
                    .contains("prochat_sfu_packets_dropped_total{reason=\"send_queue_full\"} 0.0")
                    .contains("prochat_sfu_ice_role_conflicts_total 0.0");
        }
    }
}
