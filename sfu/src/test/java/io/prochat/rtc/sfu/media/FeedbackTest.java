package io.prochat.rtc.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.sfu.rtcp.ReceiverReport;
import io.prochat.rtc.sfu.rtcp.Remb;
import io.prochat.rtc.sfu.rtcp.ReportBlock;
import io.prochat.rtc.sfu.rtcp.RtcpCompoundReader;
import org.junit.jupiter.api.Test;

class FeedbackTest {
    @Test
    void publishersGetAReceiverReportWithLossAndARembCappedToTheSlowestReceiver() {
        RecordingSender publisher = new RecordingSender();
        StreamSource video = new StreamSource("video_a", 0xAAAA, true, publisher, 0, null);
        for (int seq = 0; seq < 100; seq++) {
            if (seq % 10 != 3) { // 10 % lost
                video.forward(Packets.rtp(seq, seq, 0xAAAA), 0, 16, 0);
            }
        }
        new Feedback().report(publisher, new StreamSource[] {video}, 400_000, 0);
        byte[] out = publisher.rtcp.get(0);
        RtcpCompoundReader r = new RtcpCompoundReader();
        assertThat(r.wrap(out, 0, out.length)).isTrue();
        assertThat(r.next()).isTrue();
        ReceiverReport rr = new ReceiverReport();
        assertThat(rr.wrap(out, r.packetOffset(), r.packetLength())).isTrue();
        int block = rr.reportBlockOffset(0);
        assertThat(ReportBlock.ssrc(out, block)).isEqualTo(0xAAAA);
        assertThat(ReportBlock.cumulativeLost(out, block)).isEqualTo(10);
        assertThat(ReportBlock.highestSequence(out, block)).isEqualTo(99);
        assertThat(ReportBlock.fractionLost(out, block)).isEqualTo(25); // 10/100 * 256
        assertThat(r.next()).isTrue();
        Remb remb = new Remb();
        assertThat(remb.wrap(out, r.packetOffset(), r.packetLength())).isTrue();
        assertThat(remb.bitrate()).isBetween(399_000L, 400_000L);
        assertThat(remb.ssrc(0)).isEqualTo(0xAAAA);
    }

    @Test
    void withoutReceiverEstimatesTheDefaultCapApplies() {
        assertThat(Feedback.rembBitrate(0)).isEqualTo(Feedback.DEFAULT_BPS);
        assertThat(Feedback.rembBitrate(10)).isEqualTo(Feedback.MIN_BPS);
        assertThat(Feedback.rembBitrate(50_000_000)).isEqualTo(Feedback.DEFAULT_BPS);
    }
}
