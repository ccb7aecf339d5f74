package io.prochat.rtc.sfu.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and bit-flipped packets: wrap either refuses them or gives a view whose every
 * getter and extension look-up stays inside the packet. Seeded, so a failure reproduces.
 */
class RtpRobustnessTest {
    private static final byte[][] VALID = {
        RtpPacketViewTest.ONE_BYTE_EXTENSIONS, RtpPacketViewTest.CSRCS_AND_PADDING, RtpPacketViewTest.TWO_BYTE_EXTENSIONS,
    };

    private final RtpPacketView rtp = new RtpPacketView();

    @Test
    void randomBytes() {
        Random random = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            byte[] buf = new byte[random.nextInt(64)];
            random.nextBytes(buf);
            if (random.nextBoolean() && buf.length > 0) {
                buf[0] = (byte) (0x80 | (buf[0] & 0x3F)); // version 2, so the rest gets exercised
            }
            exercise(buf, random);
        }
    }

    @Test
    void truncationsAndBitFlipsOfValidPackets() {
        Random random = new Random(2);
        for (int i = 0; i < 20_000; i++) {
            byte[] valid = VALID[random.nextInt(VALID.length)];
            byte[] buf = valid.clone();
            int flips = random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                buf[random.nextInt(buf.length)] ^= (byte) (1 << random.nextInt(8));
            }
            byte[] framed = new byte[buf.length + 8];
            System.arraycopy(buf, 0, framed, 4, buf.length);
            int len = random.nextInt(buf.length + 1);
            check(framed, 4, len);
        }
    }

    private void exercise(byte[] buf, Random random) {
        int off = buf.length == 0 ? 0 : random.nextInt(Math.min(4, buf.length));
        check(buf, off, buf.length - off);
    }

    private void check(byte[] buf, int off, int len) {
        boolean ok = rtp.wrap(buf, off, len);
        try {
            RtpPacketView.parse(buf, off, len);
            assertThat(ok).isTrue();
        } catch (RtpFormatException e) {
            assertThat(ok).isFalse();
        }
        if (!ok) {
            return;
        }
        long sum = rtp.payloadType() + rtp.sequenceNumber() + rtp.timestamp() + rtp.ssrc() + rtp.paddingLength();
        for (int c = 0; c < rtp.csrcCount(); c++) {
            sum += rtp.csrc(c);
        }
        assertThat(rtp.payloadOffset() + rtp.payloadLength() + rtp.paddingLength()).isEqualTo(off + len);
        assertThat(rtp.payloadLength()).isNotNegative();
        for (int id = 0; id < 256; id++) {
            int at = rtp.findExtension(id);
            if (at >= 0) {
                int extLen = rtp.extensionLength(at);
                assertThat(at + extLen).isLessThanOrEqualTo(rtp.payloadOffset());
                sum += extLen;
            }
        }
        assertThat(sum).isNotNegative();
    }
}
