package io.prochat.rtc.sfu.cc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The send-side estimate on synthetic feedback: steady delay grows it, rising delay and heavy loss cut it. */
class BandwidthEstimatorTest {
    private static final SyntheticLink.Loss NONE = p -> false;

    @Test
    void steadyDelayGrowsTheEstimateBeyondWhatIsSentWhenTheSenderHoldsBack() {
        BandwidthEstimator e = new BandwidthEstimator(300_000, 100_000, 5_000_000);
        // 1200 B every 40 ms: 240 kbit/s, the low layer, on a path whose delay never moves
        long after = new SyntheticLink(e).run(20, 1200, 40_000, t -> 20_000, NONE);
        assertThat(e.usage()).isEqualTo(DelayBasedEstimator.Usage.NORMAL);
        assertThat(after).as("grows about 8 %% a second (at 5 %% per 20-packet loss window, 1.0 M)").isGreaterThan(1_250_000);
        assertThat(e.ackedBps()).isBetween(200_000L, 280_000L);
    }

    @Test
    void risingDelayCutsTheEstimateBelowWhatWasAcknowledged() {
        BandwidthEstimator e = new BandwidthEstimator(2_000_000, 100_000, 5_000_000);
        SyntheticLink link = new SyntheticLink(e);
        link.run(3, 1200, 10_000, t -> 20_000, NONE);
        long before = e.estimate();
        // a bottleneck at 800 kbit/s under 960 kbit/s sent: the queue, and the delay, grow by 20 % of the elapsed time
        long start = 3_000_000;
        long after = link.run(3, 1200, 10_000, t -> 20_000 + (t - start) / 5, NONE);
        assertThat(e.usage()).isNotEqualTo(DelayBasedEstimator.Usage.UNDERUSING);
        assertThat(after).isLessThan(before).isLessThan(960_000);
    }

    @Test
    void moreThanTenPercentLossCutsTheEstimate() {
        BandwidthEstimator e = new BandwidthEstimator(1_000_000, 100_000, 5_000_000);
        SyntheticLink link = new SyntheticLink(e);
        link.run(2, 1200, 10_000, t -> 20_000, NONE);
        long before = e.estimate();
        long after = link.run(3, 1200, 10_000, t -> 20_000, p -> p % 5 == 0); // 20 %
        assertThat(e.lastLoss()).isBetween(0.15, 0.25);
        assertThat(after).isLessThan(before * 8 / 10);
    }

    @Test
    void lossUnderTwoPercentDoesNotCutIt() {
        BandwidthEstimator e = new BandwidthEstimator(1_000_000, 100_000, 5_000_000);
        long after = new SyntheticLink(e).run(5, 1200, 10_000, t -> 20_000, p -> p % 100 == 0);
        assertThat(after).isGreaterThanOrEqualTo(1_000_000);
    }

    @Test
    void anEstimateCutByCongestionRecoversOnceTheDelayIsSteadyAgain() {
        BandwidthEstimator e = new BandwidthEstimator(1_000_000, 100_000, 5_000_000);
        SyntheticLink link = new SyntheticLink(e);
        link.run(2, 1200, 10_000, t -> 20_000, NONE);
        long start = 2_000_000;
        long cut = link.run(3, 1200, 10_000, t -> 20_000 + (t - start) / 5, NONE);
        // the queue drains, then the path is steady; the sender holds back to the low layer meanwhile
        long steady = link.run(20, 1200, 40_000, t -> 20_000, NONE);
        assertThat(steady).isGreaterThan(cut * 2);
    }

    @Test
    void aSwitchUpIntoABottleneckIsCutFromWhatArrivesThereNotFromTheLowLayerBefore() {
        BandwidthEstimator e = new BandwidthEstimator(2_000_000, 100_000, 5_000_000);
        SyntheticLink link = new SyntheticLink(e);
        link.run(3, 1200, 40_000, t -> 20_000, NONE); // the low layer: 240 kbit/s
        // switched up: 960 kbit/s sent into an 800 kbit/s bottleneck, whose queue grows by 20 % of the elapsed time
        long start = 3_000_000;
        long cut = link.run(1, 1200, 10_000, t -> 20_000 + (t - start) / 5, NONE);
        assertThat(cut).as("about 85 %% of the 800 kbit/s that arrive").isBetween(500_000L, 800_000L);
    }
}
