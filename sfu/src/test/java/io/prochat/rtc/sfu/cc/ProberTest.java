package io.prochat.rtc.sfu.cc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a probe starts, how it is paced, how its feedback is judged, and when the next one comes. */
class ProberTest {
    private static final long ESTIMATE = 300_000;

    private static Prober wanting(long bps) {
        Prober p = new Prober();
        p.want(bps);
        return p;
    }

    @Test
    void probesOnlyWhenMoreIsWantedAndThePathLooksCalm() {
        assertThat(new Prober().maybeStart(ESTIMATE, true, 0, 0)).as("nothing wanted").isFalse();
        assertThat(wanting(ESTIMATE).maybeStart(ESTIMATE, true, 0, 0)).as("the estimate covers it").isFalse();
        assertThat(wanting(5_000_000).maybeStart(ESTIMATE, false, 0, 0)).as("delay not normal").isFalse();
        assertThat(wanting(5_000_000).maybeStart(ESTIMATE, true, 0.05, 0)).as("losing packets").isFalse();
        Prober p = wanting(5_000_000);
        assertThat(p.maybeStart(ESTIMATE, true, 0, 0)).isTrue();
        assertThat(p.sending()).isTrue();
        assertThat(p.maybeStart(ESTIMATE, true, 0, 1000)).as("one probe at a time").isFalse();
    }

    @Test
    void aClusterIsPacedAtTwiceTheEstimateOverItsDurationAndHasAtLeastFivePackets() {
        Prober p = wanting(5_000_000);
        p.maybeStart(ESTIMATE, true, 0, 0);
        long sent = 0;
        int packets = 0;
        for (long t = 0; p.sending(); t += 2_000) {
            long due = p.bytesDue(t);
            while (due >= Prober.PACKET_BYTES) {
                p.sent(Prober.PACKET_BYTES, t);
                sent += Prober.PACKET_BYTES;
                due -= Prober.PACKET_BYTES;
                packets++;
            }
            assertThat(sent * 8_000_000 / (t + 2_000)).as("never ahead of the rate at %d µs", t)
                    .isLessThanOrEqualTo((long) (ESTIMATE * Prober.PROBE_FACTOR) + Prober.PACKET_BYTES * 8_000_000L / 2_000);
        }
        long target = (long) (ESTIMATE * Prober.PROBE_FACTOR) * Prober.CLUSTER_MICROS / 8_000_000;
        assertThat(sent).isBetween(target - Prober.PACKET_BYTES, target + Prober.PACKET_BYTES);
        assertThat(packets).isGreaterThanOrEqualTo(Prober.MIN_PACKETS);

        Prober slow = wanting(5_000_000);
        slow.maybeStart(50_000, true, 0, 0);
        int small = 0;
        for (long t = 0; slow.sending(); t += 2_000) {
            for (long due = slow.bytesDue(t); due >= Prober.PACKET_BYTES; due -= Prober.PACKET_BYTES) {
                slow.sent(Prober.PACKET_BYTES, t);
                small++;
            }
        }
        assertThat(small).as("a low estimate still sends enough packets to measure").isEqualTo(Prober.MIN_PACKETS);
    }

    /** Sends a cluster (packets every 2 ms), then reports each one arriving {@code gapMicros} after the one before. */
    private static long probeThrough(Prober p, long gapMicros, int lostEvery) {
        p.maybeStart(ESTIMATE, true, 0, 0);
        int n = 0;
        long t = 0;
        for (; p.sending(); t += 2_000) {
            for (long due = p.bytesDue(t); due >= Prober.PACKET_BYTES; due -= Prober.PACKET_BYTES) {
                p.sent(Prober.PACKET_BYTES, t);
                n++;
            }
        }
        assertThat(p.result(t)).as("not yet reported").isZero();
        long arrival = 10_000;
        for (int i = 0; i < n; i++) {
            boolean lost = lostEvery > 0 && i % lostEvery == 1;
            p.onProbePacket(i * (Prober.CLUSTER_MICROS / n), lost ? -1 : arrival, Prober.PACKET_BYTES);
            arrival += gapMicros;
        }
        return p.result(t + 50_000);
    }

    @Test
    void aClusterThatArrivesAsSentRaisesToItsRate() {
        Prober p = wanting(5_000_000);
        long sendGap = Prober.CLUSTER_MICROS / 9;
        long r = probeThrough(p, sendGap, 0);
        assertThat(r).isBetween((long) (ESTIMATE * Prober.PROBE_FACTOR * 0.8), (long) (ESTIMATE * Prober.PROBE_FACTOR * 1.2));
    }

    @Test
    void aClusterSqueezedByABottleneckMeasuresTheBottleneck() {
        // 267-byte packets arriving 5.34 ms apart: a 400 kbit/s path
        long r = probeThrough(wanting(5_000_000), 5_340, 0);
        assertThat(r).isBetween(360_000L, 400_000L);
    }

    @Test
    void aClusterSqueezedToUnderHalfOrMostlyLostFindsNothing() {
        assertThat(probeThrough(wanting(5_000_000), 20_000, 0)).as("squeezed to a quarter").isEqualTo(-1);
        assertThat(probeThrough(wanting(5_000_000), 3_000, 2)).as("half of it lost").isEqualTo(-1);
    }

    @Test
    void anUnreportedClusterIsJudgedAfterAWaitSoProbingNeverStops() {
        Prober p = wanting(5_000_000);
        p.maybeStart(ESTIMATE, true, 0, 0);
        long t = 0;
        for (; p.sending(); t += 2_000) {
            for (long due = p.bytesDue(t); due >= Prober.PACKET_BYTES; due -= Prober.PACKET_BYTES) {
                p.sent(Prober.PACKET_BYTES, t);
            }
        }
        assertThat(p.result(t + Prober.RESULT_WAIT_MICROS / 2)).isZero();
        assertThat(p.result(t + Prober.RESULT_WAIT_MICROS)).isEqualTo(-1);
        p.concluded(false, t + Prober.RESULT_WAIT_MICROS);
        assertThat(p.maybeStart(ESTIMATE, true, 0, t + Prober.RESULT_WAIT_MICROS + 1)).as("waits before the next")
                .isFalse();
    }

    @Test
    void aProbeThatFoundMoreIsFollowedSoonAndFailuresBackOffByDoublingUpToFiveSeconds() {
        Prober p = wanting(5_000_000);
        p.maybeStart(ESTIMATE, true, 0, 0);
        p.abort(0);
        p.concluded(true, 0);
        assertThat(p.maybeStart(ESTIMATE, true, 0, Prober.AFTER_SUCCESS_MICROS - 1)).isFalse();
        assertThat(p.maybeStart(ESTIMATE, true, 0, Prober.AFTER_SUCCESS_MICROS)).isTrue();
        p.abort(0);
        long now = 10_000_000;
        long wait = Prober.MIN_INTERVAL_MICROS;
        for (int i = 0; i < 3; i++) {
            p.concluded(false, now);
            assertThat(p.maybeStart(ESTIMATE, true, 0, now + wait - 1)).as("failure %d waits %d µs", i, wait).isFalse();
            assertThat(p.maybeStart(ESTIMATE, true, 0, now + wait)).isTrue();
            p.abort(now + wait);
            now += wait;
            wait = Math.min(wait * 2, Prober.MAX_INTERVAL_MICROS);
        }
        assertThat(p.concluded()).isEqualTo(4);
        assertThat(p.raised()).isEqualTo(1);
    }
}
