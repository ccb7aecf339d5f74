package io.prochat.rtc.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.sfu.rtcp.Nack;
import io.prochat.rtc.sfu.rtcp.Pli;
import io.prochat.rtc.sfu.rtcp.ReceiverReport;
import io.prochat.rtc.sfu.rtcp.Remb;
import io.prochat.rtc.sfu.rtcp.RtcpType;
import io.prochat.rtc.sfu.rtcp.SenderReport;
import org.junit.jupiter.api.Test;

/** Alice publishes video; Bob receives it. Literal RTCP from each, and where it ends up. */
class ForwarderTest {
    private static final long ALICE_VIDEO = 0xA11CE;
    private final StreamTable room = new StreamTable();
    private final RecordingSender aliceTransport = new RecordingSender();
    private final RecordingSender bobTransport = new RecordingSender();
    private final Forwarder alice = new Forwarder(room);
    private final Forwarder bob = new Forwarder(room);
    private final StreamSource video = new StreamSource("video_alice", ALICE_VIDEO, true, aliceTransport, 0,
            new PacketCache(64, 1500));

    ForwarderTest() {
        alice.own().add(video);
        room.add(video);
        video.attach(bobTransport);
    }

    @Test
    void rtpOfAnUnknownSsrcIsDroppedAndCounted() {
        alice.receiveRtp(Packets.rtp(1, 1, 0xBAD), 0, 16);
        alice.receiveRtp(Packets.rtp(1, 1, ALICE_VIDEO), 0, 16);
        assertThat(alice.unknownSsrcPackets()).isEqualTo(1);
        assertThat(bobTransport.rtp).hasSize(1);
    }

    @Test
    void aReceiversPliGoesToThePublisherOnceAndItsRembIsKept() {
        byte[] b = new byte[200];
        int n = ReceiverReport.write(b, 0, 0xB0B, 0);
        n += Pli.write(b, n, 0xB0B, ALICE_VIDEO);
        n += Remb.write(b, n, 0xB0B, 750_000, new long[] {ALICE_VIDEO}, 1);
        n += Pli.write(b, n, 0xB0B, ALICE_VIDEO); // a second one in the same breath is throttled
        bob.receiveRtcp(null, b, 0, n);
        assertThat(aliceTransport.rtcp).hasSize(1);
        assertThat(Packets.u32(aliceTransport.rtcp.get(0), 8)).isEqualTo(ALICE_VIDEO);
        assertThat(bob.downlinkBps()).isBetween(749_000L, 751_000L);
        assertThat(bobTransport.rtcp).isEmpty(); // receiver reports end at the SFU
    }

    @Test
    void aReceiversNackIsAnsweredFromTheCacheWithoutTroublingThePublisher() {
        for (int seq = 10; seq < 20; seq++) {
            alice.receiveRtp(Packets.rtp(seq, seq, ALICE_VIDEO), 0, 16);
        }
        bobTransport.rtp.clear();
        byte[] b = new byte[200];
        int n = Nack.write(b, 0, 0xB0B, ALICE_VIDEO, new int[] {12, 14, 3}, 3);
        bob.receiveRtcp(bobTransport, b, 0, n);
        assertThat(bobTransport.rtp).extracting(Packets::seq).containsExactly(12, 14);
        assertThat(bob.nacksUnanswered()).isEqualTo(1);
        assertThat(aliceTransport.rtcp).isEmpty();
    }

    @Test
    void aPublishersSenderReportIsRecordedAndPassedToReceivers() {
        byte[] b = new byte[200];
        int n = SenderReport.write(b, 0, ALICE_VIDEO, 0xE1234567_89ABCDEFL, 90000, 10, 1000, 0);
        alice.receiveRtcp(aliceTransport, b, 0, n);
        assertThat(bobTransport.rtcp).hasSize(1);
        assertThat(bobTransport.rtcp.get(0)[1] & 0xFF).isEqualTo(RtcpType.SR);
        assertThat(Packets.u32(bobTransport.rtcp.get(0), 4)).isEqualTo(ALICE_VIDEO);
    }

    @Test
    void malformedRtcpIsIgnored() {
        byte[] junk = {(byte) 0x81, (byte) 206, 0, 9, 1, 2, 3};
        bob.receiveRtcp(null, junk, 0, junk.length);
        assertThat(aliceTransport.rtcp).isEmpty();
    }
}
