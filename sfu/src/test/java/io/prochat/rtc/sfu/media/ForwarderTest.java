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
    void aReceiverThatNegotiatedRtxGetsItsRepairsAsRtxOthersAsBefore() {
        RecordingSender carolTransport = new RecordingSender();
        video.rtxSsrc(0xB0B0_0001L);
        video.attach(bobTransport, 97);
        video.attach(carolTransport); // her answer dropped RTX
        video.mute(true);
        alice.receiveRtp(Packets.rtp(9, 9, ALICE_VIDEO), 0, 16); // dropped on purpose: what follows moves down by one
        video.mute(false);
        for (int seq = 10; seq < 20; seq++) {
            byte[] p = Packets.rtp(seq, seq * 3000L, ALICE_VIDEO);
            p[1] = (byte) (seq == 13 ? 0xE0 : 96); // 13 ends a frame
            alice.receiveRtp(p, 0, 16);
        }
        bobTransport.rtp.clear();
        carolTransport.rtp.clear();
        byte[] b = new byte[200];
        int n = Nack.write(b, 0, 0xB0B, ALICE_VIDEO, new int[] {12, 14}, 2); // as bob saw them: 13 and 15 sent
        bob.receiveRtcp(bobTransport, b, 0, n);
        assertThat(bobTransport.rtp).hasSize(2);
        byte[] first = bobTransport.rtp.get(0);
        int rtxSeq = Packets.seq(first);
        assertThat(first).containsExactly(
                0x80, 0x80 | 97, rtxSeq >> 8, rtxSeq & 0xFF, // marker of the original, PT 97
                0, 0, 0x98, 0x58, // timestamp 13 * 3000, unchanged
                0xB0, 0xB0, 0x00, 0x01, // RTX SSRC
                0x00, 12, // the original sequence number as bob saw it
                1, 2, 3, 4);
        byte[] second = bobTransport.rtp.get(1);
        assertThat(Packets.seq(second)).as("one RTX counter").isEqualTo((rtxSeq + 1) & 0xFFFF);
        assertThat(second[1] & 0xFF).isEqualTo(97);
        assertThat(new int[] {second[12], second[13]}).containsExactly(0, 14);
        assertThat(video.sendsRtxTo(bobTransport)).isTrue();

        int m = Nack.write(b, 0, 0xCA201, ALICE_VIDEO, new int[] {12}, 1);
        new Forwarder(room).receiveRtcp(carolTransport, b, 0, m);
        assertThat(carolTransport.rtp).hasSize(1);
        assertThat(carolTransport.rtp.get(0)).containsExactly(0x80, 0xE0, 0, 12, 0, 0, 0x98, 0x58, 0, 0x0A, 0x11,
                0xCE, 1, 2, 3, 4);
        assertThat(video.sendsRtxTo(carolTransport)).isFalse();
    }

    @Test
    void rtxFromAPublisherIsDroppedAndCountedNeverForwarded() {
        alice.rtxPayloadType(97);
        byte[] rtx = Packets.rtp(1, 1, ALICE_VIDEO);
        rtx[1] = 97;
        alice.receiveRtp(rtx, 0, 16);
        byte[] rtxOnItsOwnSsrc = Packets.rtp(1, 1, 0xA11CE + 1);
        rtxOnItsOwnSsrc[1] = 97;
        alice.receiveRtp(rtxOnItsOwnSsrc, 0, 16);
        assertThat(bobTransport.rtp).isEmpty();
        assertThat(alice.rtxPacketsDropped()).isEqualTo(2);
        alice.receiveRtp(Packets.rtp(2, 2, ALICE_VIDEO), 0, 16);
        assertThat(bobTransport.rtp).hasSize(1);
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
