package io.prochat.rtc.sfu.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** SR, RR and report blocks (RFC 3550 §6.4): literal bytes and write-then-read. */
class ReportsTest {
    private final SenderReport sr = new SenderReport();
    private final ReceiverReport rr = new ReceiverReport();

    @Test
    void readsALiteralSenderReport() {
        assertThat(sr.wrap(RtcpSamples.SR, 0, RtcpSamples.SR.length)).isTrue();
        assertThat(sr.senderSsrc()).isEqualTo(1);
        assertThat(sr.ntpTimestamp()).isEqualTo(0xE8000000_80000000L);
        assertThat(SenderReport.middle32(sr.ntpTimestamp())).isEqualTo(0x00008000L);
        assertThat(sr.rtpTimestamp()).isEqualTo(1000);
        assertThat(sr.packetCount()).isEqualTo(10);
        assertThat(sr.octetCount()).isEqualTo(4096);
        assertThat(sr.reportCount()).isZero();
        assertThat(rr.wrap(RtcpSamples.SR, 0, RtcpSamples.SR.length)).isFalse();
    }

    @Test
    void readsALiteralReceiverReport() {
        byte[] buf = RtcpSamples.RR;
        assertThat(rr.wrap(buf, 0, buf.length)).isTrue();
        assertThat(rr.senderSsrc()).isEqualTo(2);
        assertThat(rr.reportCount()).isEqualTo(1);
        int block = rr.reportBlockOffset(0);
        assertThat(ReportBlock.ssrc(buf, block)).isEqualTo(1);
        assertThat(ReportBlock.fractionLost(buf, block)).isEqualTo(64);
        assertThat(ReportBlock.cumulativeLost(buf, block)).isEqualTo(-2);
        assertThat(ReportBlock.highestSequence(buf, block)).isEqualTo(0x00010010L);
        assertThat(ReportBlock.jitter(buf, block)).isEqualTo(32);
        assertThat(ReportBlock.lastSenderReport(buf, block)).isEqualTo(0x8000);
        assertThat(ReportBlock.delaySinceLastSenderReport(buf, block)).isEqualTo(65536);
        assertThatThrownBy(() -> rr.reportBlockOffset(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void writtenSenderReportReadsBack() {
        byte[] buf = new byte[100];
        int n = SenderReport.write(buf, 4, 0xFEEDFACEL, 0x01020304_05060708L, 0xFFFFFFFFL, 7, 8, 2);
        ReportBlock.write(buf, 4 + SenderReport.BLOCKS_OFFSET, 11, 1, 5, 100, 3, 0x1234, 0x5678);
        ReportBlock.write(buf, 4 + SenderReport.BLOCKS_OFFSET + ReportBlock.LENGTH, 12, 255, -9_000_000, 1L << 32 | 5,
                0, 0, 0);

        assertThat(n).isEqualTo(76);
        assertThat(sr.wrap(buf, 4, n)).isTrue();
        assertThat(sr.senderSsrc()).isEqualTo(0xFEEDFACEL);
        assertThat(sr.ntpTimestamp()).isEqualTo(0x01020304_05060708L);
        assertThat(sr.rtpTimestamp()).isEqualTo(0xFFFFFFFFL);
        assertThat(sr.packetCount()).isEqualTo(7);
        assertThat(sr.octetCount()).isEqualTo(8);
        assertThat(ReportBlock.ssrc(buf, sr.reportBlockOffset(0))).isEqualTo(11);
        assertThat(ReportBlock.lastSenderReport(buf, sr.reportBlockOffset(0))).isEqualTo(0x1234);
        assertThat(ReportBlock.fractionLost(buf, sr.reportBlockOffset(1))).isEqualTo(255);
        assertThat(ReportBlock.cumulativeLost(buf, sr.reportBlockOffset(1))).isEqualTo(-0x800000);
        assertThat(ReportBlock.highestSequence(buf, sr.reportBlockOffset(1))).isEqualTo(5);
    }

    @Test
    void writtenReceiverReportMatchesTheLiteral() {
        byte[] buf = new byte[32];
        int n = ReceiverReport.write(buf, 0, 2, 1);
        ReportBlock.write(buf, ReceiverReport.BLOCKS_OFFSET, 1, 64, -2, 0x00010010L, 32, 0x8000, 65536);

        assertThat(n).isEqualTo(32);
        assertThat(buf).isEqualTo(RtcpSamples.RR);
        assertThat(ReceiverReport.write(buf, 0, 9, 0)).isEqualTo(8);
    }

    @Test
    void refusesReportsShorterThanTheirBlocks() {
        byte[] rrTwoBlocks = RtcpSamples.RR.clone();
        rrTwoBlocks[0] = (byte) 0x82;
        assertThat(rr.wrap(rrTwoBlocks, 0, rrTwoBlocks.length)).isFalse();
        byte[] shortSr = Arrays.copyOf(RtcpSamples.SR, 24);
        shortSr[3] = 5;
        assertThat(sr.wrap(shortSr, 0, shortSr.length)).isFalse();
    }

    @Test
    void writersCheckTheCallerBuffer() {
        assertThatThrownBy(() -> SenderReport.write(new byte[40], 0, 1, 0, 0, 0, 0, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ReceiverReport.write(new byte[100], 0, 1, 32))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
