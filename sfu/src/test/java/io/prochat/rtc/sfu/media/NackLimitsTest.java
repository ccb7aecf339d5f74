package io.prochat.rtc.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.rtcp.Nack;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 3: a receiver's NACKs cannot buy unbounded retransmissions. Alice publishes 1,200-byte video
 * packets; Bob's NACKs are answered once per packet per {@link NackGuard#REPEAT_NANOS} and within a byte budget, and
 * what is refused is counted where /metrics reads it.
 */
class NackLimitsTest {
    private static final long ALICE_VIDEO = 0xA11CE;
    private static final int SIZE = 1200;
    private final StreamTable room = new StreamTable();
    private final RecordingSender aliceTransport = new RecordingSender();
    private final RecordingSender bobTransport = new RecordingSender();
    private final Forwarder alice = new Forwarder(room);
    private final Forwarder bob = new Forwarder(room);
    private final SfuMetrics metrics = new SfuMetrics();
    private final StreamSource video = new StreamSource("video_alice", ALICE_VIDEO, true, aliceTransport, 0,
            new PacketCache(2048, 1500));

    NackLimitsTest() {
        alice.own().add(video);
        room.add(video);
        video.attach(bobTransport);
        bob.metrics(metrics);
        for (int seq = 0; seq < 2000; seq++) {
            byte[] p = new byte[SIZE + 32];
            System.arraycopy(Packets.rtp(seq, seq * 3000L, ALICE_VIDEO), 0, p, 0, 12);
            alice.receiveRtp(p, 0, SIZE);
        }
        bobTransport.rtp.clear();
    }

    @Test
    void theSamePacketIsNotResentTwiceWithinARoundTrip() {
        byte[] b = new byte[200];
        int n = Nack.write(b, 0, 0xB0B, ALICE_VIDEO, new int[] {1990, 1991}, 2);
        bob.receiveRtcp(bobTransport, b, 0, n);
        bob.receiveRtcp(bobTransport, b, 0, n); // the browser repeats its NACK at once
        int m = Nack.write(b, 0, 0xB0B, ALICE_VIDEO, new int[] {1990, 1990, 1992}, 3); // and names one twice
        bob.receiveRtcp(bobTransport, b, 0, m);
        assertThat(bobTransport.rtp).extracting(Packets::seq).containsExactly(1990, 1991, 1992);
        assertThat(bob.nacksDuplicate()).isEqualTo(4);
        assertThat(metrics.media(SfuMetrics.Media.NACK_DUPLICATE)).isEqualTo(4);
        assertThat(metrics.retransmissions()).isEqualTo(3);
    }

    @Test
    void aNackNamingAThousandPacketsBuysOnlyTheBudget() {
        int[] lost = new int[17 * 64];
        for (int i = 0; i < lost.length; i++) {
            lost[i] = 900 + i; // 1,088 packets still in the cache: 1.3 MB if all were resent
        }
        byte[] b = new byte[1500];
        int n = Nack.write(b, 0, 0xB0B, ALICE_VIDEO, lost, lost.length);
        bob.receiveRtcp(bobTransport, b, 0, n);
        long bytes = bobTransport.rtp.stream().mapToLong(p -> p.length).sum();
        assertThat(bytes).isLessThanOrEqualTo(NackGuard.BURST_BYTES + SIZE);
        assertThat(bob.nacksOverBudget()).isEqualTo(lost.length - bobTransport.rtp.size());
        assertThat(metrics.media(SfuMetrics.Media.NACK_OVER_BUDGET)).isEqualTo(bob.nacksOverBudget());
    }

    @Test
    void theBudgetRefillsAtItsRate() {
        NackGuard g = new NackGuard();
        long t = 1_000_000_000L;
        assertThat(g.hasBudget(t)).isTrue();
        g.resent(1, 1, (int) NackGuard.BURST_BYTES, t);
        assertThat(g.hasBudget(t)).isFalse();
        assertThat(g.hasBudget(t + 100_000_000L)).as("25 kB back after 100 ms").isTrue();
        g.resent(1, 2, 25_000, t + 100_000_000L);
        assertThat(g.hasBudget(t + 100_000_000L)).isFalse();
        assertThat(g.recentlyResent(1, 2, t + 150_000_000L)).isTrue();
        assertThat(g.recentlyResent(1, 2, t + 250_000_000L)).as("a round trip later, a repeat is a new loss").isFalse();
    }
}
