package io.prochat.rtc.sfu.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PLI, FIR, NACK and REMB (RFC 4585, RFC 5104, draft-alvestrand REMB): literal bytes and round trips. */
class FeedbackTest {

    @Test
    void pliLiteralAndWriter() {
        Pli pli = new Pli();
        assertThat(pli.wrap(RtcpSamples.PLI, 0, RtcpSamples.PLI.length)).isTrue();
        assertThat(pli.senderSsrc()).isEqualTo(1);
        assertThat(pli.mediaSsrc()).isEqualTo(2);

        byte[] buf = new byte[12];
        assertThat(Pli.write(buf, 0, 1, 2)).isEqualTo(12);
        assertThat(buf).isEqualTo(RtcpSamples.PLI);
        assertThat(pli.wrap(RtcpSamples.REMB, 0, RtcpSamples.REMB.length)).isFalse();
    }

    @Test
    void firRoundTrip() {
        byte[] buf = new byte[20];
        assertThat(Fir.write(buf, 0, 1, 0xCAFEBABEL, 7)).isEqualTo(20);
        assertThat(Arrays.copyOfRange(buf, 0, 4)).isEqualTo(Bytes.of(0x84, 0xCE, 0x00, 0x04));

        Fir fir = new Fir();
        assertThat(fir.wrap(buf, 0, 20)).isTrue();
        assertThat(fir.senderSsrc()).isEqualTo(1);
        assertThat(fir.entryCount()).isEqualTo(1);
        assertThat(fir.entrySsrc(0)).isEqualTo(0xCAFEBABEL);
        assertThat(fir.entrySequence(0)).isEqualTo(7);
        assertThat(new Pli().wrap(buf, 0, 20)).isFalse();
    }

    @Test
    void nackLiteralExpandsPidAndBitmask() {
        Nack nack = new Nack();
        assertThat(nack.wrap(RtcpSamples.NACK, 0, RtcpSamples.NACK.length)).isTrue();
        assertThat(nack.mediaSsrc()).isEqualTo(2);
        assertThat(nack.entryCount()).isEqualTo(1);
        assertThat(nack.packetId(0)).isEqualTo(10);
        assertThat(nack.bitmask(0)).isEqualTo(5);
        assertThat(nack.lostCount()).isEqualTo(3);
        int[] out = new int[8];
        assertThat(nack.lostSequenceNumbers(out)).isEqualTo(3);
        assertThat(Arrays.copyOf(out, 3)).containsExactly(10, 11, 13);
        assertThat(nack.lostSequenceNumbers(new int[2])).isEqualTo(2);
    }

    @Test
    void nackWriterPacksAcrossTheWrap() {
        int[] lost = {65530, 65535, 0, 20, 21, 40};
        byte[] buf = new byte[64];
        int n = Nack.write(buf, 0, 1, 2, lost, lost.length);

        assertThat(n).isEqualTo(Nack.lengthFor(lost, lost.length)).isEqualTo(12 + 3 * 4);
        Nack nack = new Nack();
        assertThat(nack.wrap(buf, 0, n)).isTrue();
        assertThat(nack.entryCount()).isEqualTo(3);
        assertThat(nack.packetId(0)).isEqualTo(65530);
        assertThat(nack.bitmask(0)).isEqualTo((1 << 4) | (1 << 5));
        assertThat(nack.packetId(1)).isEqualTo(20);
        assertThat(nack.bitmask(1)).isEqualTo(1);
        assertThat(nack.packetId(2)).isEqualTo(40);
        int[] out = new int[16];
        int count = nack.lostSequenceNumbers(out);
        assertThat(Arrays.copyOf(out, count)).containsExactly(lost);

        byte[] literal = new byte[16];
        Nack.write(literal, 0, 1, 2, new int[] {10, 11, 13}, 3);
        assertThat(literal).isEqualTo(RtcpSamples.NACK);
        assertThatThrownBy(() -> Nack.write(buf, 0, 1, 2, lost, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rembLiteralAndRoundTrip() {
        Remb remb = new Remb();
        assertThat(remb.wrap(RtcpSamples.REMB, 0, RtcpSamples.REMB.length)).isTrue();
        assertThat(remb.bitrate()).isEqualTo(1_000_000);
        assertThat(remb.ssrcCount()).isEqualTo(1);
        assertThat(remb.ssrc(0)).isEqualTo(2);

        byte[] buf = new byte[24];
        assertThat(Remb.write(buf, 0, 1, 1_000_000, new long[] {2}, 1)).isEqualTo(24);
        assertThat(buf).isEqualTo(RtcpSamples.REMB);

        byte[] big = new byte[28];
        int n = Remb.write(big, 0, 1, 5_000_000_123L, new long[] {3, 4}, 2);
        assertThat(remb.wrap(big, 0, n)).isTrue();
        assertThat(remb.bitrate()).isLessThanOrEqualTo(5_000_000_123L).isGreaterThan(5_000_000_123L - (1L << 15));
        assertThat(remb.ssrc(1)).isEqualTo(4);
    }

    @Test
    void rembSaturatesAndNeedsItsIdentifier() {
        byte[] max = RtcpSamples.REMB.clone();
        max[17] = (byte) 0xFF;
        max[18] = (byte) 0xFF;
        max[19] = (byte) 0xFF;
        Remb remb = new Remb();
        assertThat(remb.wrap(max, 0, max.length)).isTrue();
        assertThat(remb.bitrate()).isEqualTo(Long.MAX_VALUE);

        byte[] notRemb = RtcpSamples.REMB.clone();
        notRemb[15] = 'X';
        assertThat(remb.wrap(notRemb, 0, notRemb.length)).isFalse();
        byte[] moreSsrcs = RtcpSamples.REMB.clone();
        moreSsrcs[16] = 2;
        assertThat(remb.wrap(moreSsrcs, 0, moreSsrcs.length)).isFalse();
    }
}
