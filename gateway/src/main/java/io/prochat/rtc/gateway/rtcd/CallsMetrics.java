package io.prochat.rtc.gateway.rtcd;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What Calls sessions count, under rtcd's metric names where rtcd has one (so the Calls Grafana dashboard reads
 * them): the client's own loss, RTT and jitter from the data channel (rtcd.md §5), data channels opened, and every
 * message refused, by why.
 */
public final class CallsMetrics {
    private static final double[] LOSS_BUCKETS = {.001, .005, .01, .025, .05, .1, .25, .5, 1};
    private static final double[] SECONDS_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5};

    private final MeterRegistry registry;
    private final DistributionSummary lossRate;
    private final DistributionSummary rtt;
    private final DistributionSummary jitter;
    private final Counter dataChannels;

    public CallsMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lossRate = DistributionSummary.builder("rtcd_rtc_client_loss_rate")
                .description("Packet loss the Calls clients report over the data channel")
                .serviceLevelObjectives(LOSS_BUCKETS).register(registry);
        this.rtt = DistributionSummary.builder("rtcd_rtc_client_rtt").baseUnit("seconds")
                .description("Round-trip time the Calls clients report").serviceLevelObjectives(SECONDS_BUCKETS)
                .register(registry);
        this.jitter = DistributionSummary.builder("rtcd_rtc_client_jitter").baseUnit("seconds")
                .description("Jitter the Calls clients report").serviceLevelObjectives(SECONDS_BUCKETS)
                .register(registry);
        this.dataChannels = Counter.builder("prochat_calls_data_channels_opened")
                .description("Calls clients' data channels opened").register(registry);
    }

    void refused(String reason) {
        Counter.builder("prochat_calls_messages_refused")
                .description("Calls plugin and data channel messages refused or ignored, by why")
                .tag("reason", reason).register(registry).increment();
    }

    void dataChannelOpen() {
        dataChannels.increment();
    }

    void clientLossRate(double v) {
        if (Double.isFinite(v) && v >= 0 && v <= 1) {
            lossRate.record(v);
        }
    }

    void clientRtt(double seconds) {
        if (Double.isFinite(seconds) && seconds >= 0 && seconds < 60) {
            rtt.record(seconds);
        }
    }

    void clientJitter(double v) {
        if (Double.isFinite(v) && v >= 0 && v < 60) {
            jitter.record(v);
        }
    }
}
