package io.prochat.rtc.sfu.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** First-byte demultiplexing (RFC 7983) and the RTP/RTCP split (RFC 5761 §4). */
class PacketKindTest {

    @Test
    void firstByteRanges() {
        assertThat(kind(0x00, 0x01, 20)).isEqualTo(PacketKind.STUN);
        assertThat(kind(0x01, 0x01, 20)).isEqualTo(PacketKind.STUN);
        assertThat(kind(0x03, 0x00, 20)).isEqualTo(PacketKind.STUN);
        assertThat(kind(0x04, 0x00, 20)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(16, 0, 20)).isEqualTo(PacketKind.ZRTP);
        assertThat(kind(20, 0xFE, 13)).isEqualTo(PacketKind.DTLS);
        assertThat(kind(22, 0xFE, 13)).isEqualTo(PacketKind.DTLS);
        assertThat(kind(23, 0xFE, 40)).isEqualTo(PacketKind.DTLS);
        assertThat(kind(63, 0, 13)).isEqualTo(PacketKind.DTLS);
        assertThat(kind(64, 0, 4)).isEqualTo(PacketKind.TURN_CHANNEL);
        assertThat(kind(79, 0, 4)).isEqualTo(PacketKind.TURN_CHANNEL);
        assertThat(kind(80, 0, 40)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(127, 0, 40)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(192, 0, 40)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(255, 0, 40)).isEqualTo(PacketKind.UNKNOWN);
    }

    @Test
    void rtpVersusRtcpBySecondByte() {
        assertThat(kind(0x80, 111, 12)).isEqualTo(PacketKind.RTP);
        assertThat(kind(0x90, 0x80 | 96, 12)).isEqualTo(PacketKind.RTP);
        assertThat(kind(0x80, 0x80 | 127, 12)).isEqualTo(PacketKind.RTP);
        assertThat(kind(0x80, 72, 12)).as("PT 72 without marker").isEqualTo(PacketKind.RTP);
        assertThat(kind(0x80, 0x80 | 72, 12)).as("PT 72 with marker collides with SR").isEqualTo(PacketKind.RTCP);
        assertThat(kind(0x80, 200, 8)).isEqualTo(PacketKind.RTCP);
        assertThat(kind(0x81, 201, 8)).isEqualTo(PacketKind.RTCP);
        assertThat(kind(0x8F, 206, 8)).isEqualTo(PacketKind.RTCP);
        assertThat(kind(0x80, 192, 8)).isEqualTo(PacketKind.RTCP);
        assertThat(kind(0x80, 223, 8)).isEqualTo(PacketKind.RTCP);
        assertThat(kind(0x80, 224, 12)).isEqualTo(PacketKind.RTP);
        assertThat(kind(0xBF, 0, 12)).isEqualTo(PacketKind.RTP);
    }

    @Test
    void tooShortForItsKindIsUnknown() {
        assertThat(PacketKind.classify(new byte[0], 0, 0)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(0x00, 0x01, 19)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(22, 0xFE, 12)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(64, 0, 3)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(0x80, 111, 11)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(0x80, 200, 7)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketKind.classify(new byte[] {(byte) 0x80}, 0, 1)).isEqualTo(PacketKind.UNKNOWN);
    }

    @Test
    void looksOnlyInsideTheGivenRange() {
        byte[] buf = new byte[40];
        buf[10] = (byte) 0x80;
        buf[11] = (byte) 200;
        assertThat(PacketKind.classify(buf, 10, 8)).isEqualTo(PacketKind.RTCP);
        assertThat(PacketKind.classify(buf, 0, 20)).isEqualTo(PacketKind.STUN);
    }

    @Test
    void randomInputNeverThrows() {
        Random random = new Random(6);
        byte[] buf = new byte[64];
        int[] counts = new int[PacketKind.values().length];
        for (int i = 0; i < 20_000; i++) {
            random.nextBytes(buf);
            int off = random.nextInt(buf.length);
            counts[PacketKind.classify(buf, off, random.nextInt(buf.length - off + 1)).ordinal()]++;
        }
        for (int count : counts) {
            assertThat(count).isPositive();
        }
    }

    private static PacketKind kind(int b0, int b1, int len) {
        byte[] buf = new byte[len];
        if (len > 0) {
            buf[0] = (byte) b0;
        }
        if (len > 1) {
            buf[1] = (byte) b1;
        }
        return PacketKind.classify(buf, 0, len);
    }
}
