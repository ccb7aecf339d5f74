package io.prochat.rtc.sfu.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and bit-flipped RTCP: the compound reader and every typed reader either refuse
 * the bytes or read them without leaving the packet. Seeded, so a failure reproduces.
 */
class RtcpRobustnessTest {
    private static final byte[][] VALID = {
        RtcpSamples.COMPOUND, RtcpSamples.SR, RtcpSamples.NACK, RtcpSamples.PLI, RtcpSamples.TRANSPORT_CC,
        Bytes.concat(RtcpSamples.SR, RtcpSamples.SDES, RtcpSamples.NACK, RtcpSamples.PLI),
    };

    private final RtcpCompoundReader compound = new RtcpCompoundReader();
    private final SenderReport sr = new SenderReport();
    private final ReceiverReport rr = new ReceiverReport();
    private final Sdes sdes = new Sdes();
    private final Bye bye = new Bye();
    private final Pli pli = new Pli();
    private final Fir fir = new Fir();
    private final Nack nack = new Nack();
    private final Remb remb = new Remb();
    private final TransportCc tcc = new TransportCc();
    private final int[] lost = new int[64];
    private final long[] arrival = new long[256];

    @Test
    void randomBytes() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] buf = new byte[random.nextInt(96)];
            random.nextBytes(buf);
            if (buf.length >= 4 && random.nextBoolean()) {
                buf[0] = (byte) (0x80 | (buf[0] & 0x3F));
                buf[1] = (byte) (200 + random.nextInt(8));
                buf[2] = 0;
                buf[3] = (byte) random.nextInt(buf.length / 4);
            }
            check(buf, 0, buf.length);
        }
    }

    @Test
    void truncationsAndBitFlipsOfValidPackets() {
        Random random = new Random(4);
        for (int i = 0; i < 20_000; i++) {
            byte[] buf = VALID[random.nextInt(VALID.length)].clone();
            int flips = random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                buf[random.nextInt(buf.length)] ^= (byte) (1 << random.nextInt(8));
            }
            check(buf, 0, random.nextInt(4) == 0 ? random.nextInt(buf.length + 1) : buf.length);
        }
    }

    private void check(byte[] buf, int off, int len) {
        boolean ok = compound.wrap(buf, off, len);
        try {
            RtcpCompoundReader.validate(buf, off, len);
            assertThat(ok).isTrue();
        } catch (RtcpFormatException e) {
            assertThat(ok).isFalse();
        }
        int end = off + len;
        while (compound.next()) {
            assertThat(compound.packetOffset() + compound.packetLength()).isLessThanOrEqualTo(end);
            readAll(buf, compound.packetOffset(), compound.packetLength());
        }
        readAll(buf, off, len); // typed readers straight on the bytes, as a caller might
    }

    private void readAll(byte[] buf, int off, int len) {
        long sum = 0;
        if (sr.wrap(buf, off, len)) {
            sum += sr.senderSsrc() + sr.ntpTimestamp() + sr.rtpTimestamp() + sr.packetCount() + sr.octetCount();
            for (int i = 0; i < sr.reportCount(); i++) {
                sum += blocks(buf, sr.reportBlockOffset(i));
            }
        }
        if (rr.wrap(buf, off, len)) {
            for (int i = 0; i < rr.reportCount(); i++) {
                sum += blocks(buf, rr.reportBlockOffset(i));
            }
        }
        if (sdes.wrap(buf, off, len)) {
            while (sdes.nextChunk()) {
                sum += sdes.chunkSsrc();
                while (sdes.nextItem()) {
                    assertThat(sdes.itemOffset() + sdes.itemLength()).isLessThanOrEqualTo(off + len);
                    sum += sdes.itemType() + sdes.itemText().length();
                }
            }
        }
        if (bye.wrap(buf, off, len)) {
            for (int i = 0; i < bye.ssrcCount(); i++) {
                sum += bye.ssrc(i);
            }
            sum += bye.reasonText().length();
        }
        if (pli.wrap(buf, off, len)) {
            sum += pli.senderSsrc() + pli.mediaSsrc();
        }
        if (fir.wrap(buf, off, len)) {
            for (int i = 0; i < fir.entryCount(); i++) {
                sum += fir.entrySsrc(i) + fir.entrySequence(i);
            }
        }
        if (nack.wrap(buf, off, len)) {
            sum += nack.lostCount() + nack.lostSequenceNumbers(lost);
        }
        if (remb.wrap(buf, off, len)) {
            sum += remb.bitrate() >>> 1;
            for (int i = 0; i < remb.ssrcCount(); i++) {
                sum += remb.ssrc(i);
            }
        }
        if (tcc.wrap(buf, off, len)) {
            sum += tcc.baseSequence() + tcc.referenceTime() + tcc.feedbackCount();
            for (int i = 0; i < tcc.statusCount(); i++) {
                sum += tcc.status(i) + tcc.deltaMicros(i) + tcc.sequenceNumber(i);
            }
            tcc.arrivalTimesMicros(arrival);
        }
        assertThat(sum).isNotNull();
    }

    private static long blocks(byte[] buf, int at) {
        return ReportBlock.ssrc(buf, at) + ReportBlock.fractionLost(buf, at) + ReportBlock.cumulativeLost(buf, at)
                + ReportBlock.highestSequence(buf, at) + ReportBlock.jitter(buf, at)
                + ReportBlock.lastSenderReport(buf, at) + ReportBlock.delaySinceLastSenderReport(buf, at);
    }
}
