package io.prochat.rtc.sfu.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SDES items and BYE reasons (RFC 3550 §6.5, §6.6). */
class SdesByeTest {
    private final Sdes sdes = new Sdes();
    private final Bye bye = new Bye();

    @Test
    void readsChunksAndItems() {
        byte[] buf = Bytes.concat(Bytes.of(0x82, 0xCA, 0x00, 0x06), Bytes.of(
                0x00, 0x00, 0x00, 0x02, 0x01, 0x04, 'a', 'b', 'c', 'd', 0x00, 0x00,
                0x00, 0x00, 0x00, 0x03, 0x01, 0x01, 'x', 0x06, 0x02, 'h', 'i', 0x00));
        assertThat(sdes.wrap(buf, 0, buf.length)).isTrue();

        assertThat(sdes.nextChunk()).isTrue();
        assertThat(sdes.chunkSsrc()).isEqualTo(2);
        assertThat(sdes.nextItem()).isTrue();
        assertThat(sdes.itemType()).isEqualTo(Sdes.CNAME);
        assertThat(sdes.itemText()).isEqualTo("abcd");
        assertThat(sdes.nextItem()).isFalse();
        assertThat(sdes.nextChunk()).isTrue();
        assertThat(sdes.chunkSsrc()).isEqualTo(3);
        assertThat(sdes.nextItem()).isTrue();
        assertThat(sdes.itemText()).isEqualTo("x");
        assertThat(sdes.nextItem()).isTrue();
        assertThat(sdes.itemType()).isEqualTo(Sdes.TOOL);
        assertThat(sdes.itemOffset()).isEqualTo(25);
        assertThat(sdes.itemLength()).isEqualTo(2);
        assertThat(sdes.nextItem()).isFalse();
        assertThat(sdes.nextChunk()).isFalse();
    }

    @Test
    void refusesChunksWithoutTerminatorOrOverrunningItems() {
        byte[] noEnd = Bytes.of(0x81, 0xCA, 0x00, 0x02, 0, 0, 0, 2, 0x01, 0x02, 'a', 'b');
        assertThat(sdes.wrap(noEnd, 0, noEnd.length)).isFalse();
        byte[] overrun = RtcpSamples.SDES.clone();
        overrun[9] = 9;
        assertThat(sdes.wrap(overrun, 0, overrun.length)).isFalse();
        byte[] twoChunksClaimed = RtcpSamples.SDES.clone();
        twoChunksClaimed[0] = (byte) 0x82;
        assertThat(sdes.wrap(twoChunksClaimed, 0, twoChunksClaimed.length)).isFalse();
    }

    @Test
    void writtenCnameMatchesTheLiteral() {
        byte[] buf = new byte[40];
        int n = Sdes.writeCname(buf, 0, 2, "abcd".getBytes(StandardCharsets.US_ASCII));

        assertThat(n).isEqualTo(16);
        assertThat(java.util.Arrays.copyOf(buf, n)).isEqualTo(RtcpSamples.SDES);
        int m = Sdes.writeCname(buf, 0, 7, "abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(m).isEqualTo(16);
        assertThat(sdes.wrap(buf, 0, m)).isTrue();
        assertThat(sdes.nextChunk() && sdes.nextItem()).isTrue();
        assertThat(sdes.itemText()).isEqualTo("abc");
    }

    @Test
    void byeWithReason() {
        assertThat(bye.wrap(RtcpSamples.BYE, 0, RtcpSamples.BYE.length)).isTrue();
        assertThat(bye.ssrcCount()).isEqualTo(1);
        assertThat(bye.ssrc(0)).isEqualTo(2);
        assertThat(bye.hasReason()).isTrue();
        assertThat(bye.reasonText()).isEqualTo("leave");

        byte[] tooLong = RtcpSamples.BYE.clone();
        tooLong[8] = 8;
        assertThat(bye.wrap(tooLong, 0, tooLong.length)).isFalse();
    }

    @Test
    void writtenByeReadsBack() {
        byte[] buf = new byte[8];
        assertThat(Bye.write(buf, 0, 0xABCDEF01L)).isEqualTo(8);
        assertThat(bye.wrap(buf, 0, 8)).isTrue();
        assertThat(bye.ssrc(0)).isEqualTo(0xABCDEF01L);
        assertThat(bye.hasReason()).isFalse();
        assertThat(bye.reasonText()).isEmpty();
    }
}
