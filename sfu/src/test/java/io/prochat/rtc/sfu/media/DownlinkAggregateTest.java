package io.prochat.rtc.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 11, item 3: one receiver far below the others does not set the publisher's REMB for the whole room. */
class DownlinkAggregateTest {
    @Test
    void anOutlierFarBelowTheMedianIsIgnored() {
        long[] shares = {2_000_000, 1_800_000, 40_000, 2_500_000};
        assertThat(DownlinkAggregate.of(shares, shares.length)).isEqualTo(1_800_000);
    }

    @Test
    void receiversCloseToTheOthersStillCount() {
        long[] shares = {2_000_000, 900_000, 1_500_000};
        assertThat(DownlinkAggregate.of(shares, shares.length)).isEqualTo(900_000);
    }

    @Test
    void neverBelowTheFloorAndZeroWhenNobodyKnows() {
        long[] shares = {100_000, 120_000, 0};
        assertThat(DownlinkAggregate.of(shares, 3)).isEqualTo(DownlinkAggregate.FLOOR_BPS);
        assertThat(DownlinkAggregate.of(new long[] {0, -1}, 2)).isZero();
        assertThat(DownlinkAggregate.of(new long[] {1_000_000, 5}, 1)).as("only the first n count")
                .isEqualTo(1_000_000);
    }

    @Test
    void withTwoReceiversTheWeakOneCountsUnlessItIsUnderAQuarter() {
        assertThat(DownlinkAggregate.of(new long[] {1_000_000, 400_000}, 2)).isEqualTo(400_000);
        assertThat(DownlinkAggregate.of(new long[] {1_000_000, 200_000}, 2)).isEqualTo(1_000_000);
    }

    @Test
    void aSimulcastPublisherIsToldTheStrongestReceiversShare() {
        // 1 Mbit/s is too little for a screen share's high layer, and not an outlier: it would switch h off for all
        assertThat(DownlinkAggregate.of(new long[] {2_500_000, 1_000_000}, 2)).isEqualTo(1_000_000);
        assertThat(DownlinkAggregate.ofSimulcast(new long[] {2_500_000, 1_000_000}, 2)).isEqualTo(2_500_000);
        assertThat(DownlinkAggregate.ofSimulcast(new long[] {50_000, 0}, 2)).isEqualTo(DownlinkAggregate.FLOOR_BPS);
        assertThat(DownlinkAggregate.ofSimulcast(new long[] {0, -1}, 2)).isZero();
    }
}

