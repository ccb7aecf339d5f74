package io.prochat.rtc.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** RFC 4588 §4 packets built in place from literal VP8 packets, byte for byte. */
class RtxStreamTest {
    /** Marker, PT 96, seq 0x1234, ts 0xABCDEF, SSRC 0xA11C, one extension word (id 2, 3 bytes), 3 payload bytes. */
    private static final byte[] ORIGINAL = {
        (byte) 0x90, (byte) 0xE0, 0x12, 0x34, 0x00, (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 0x00, 0x00, (byte) 0xA1,
        0x1C,
        (byte) 0xBE, (byte) 0xDE, 0x00, 0x01, 0x22, 0x01, 0x02, 0x03,
        0x10, 0x00, 0x42};

    private static byte[] withRoom(byte[] packet) {
        return Arrays.copyOf(packet, packet.length + 64);
    }

    @Test
    void anRtxPacketKeepsTheHeaderAndPutsTheOriginalSequenceNumberBeforeThePayload() {
        RtxStream rtx = new RtxStream(null, 0xB0B0_0001L, 97, 0xFFFF);
        byte[] b = withRoom(ORIGINAL);
        int n = rtx.wrap(b, ORIGINAL.length);
        assertThat(Arrays.copyOf(b, n)).containsExactly(
                (byte) 0x90, (byte) 0xE1, (byte) 0xFF, (byte) 0xFF, // marker kept, PT 97, the RTX counter
                0x00, (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, // the original timestamp
                (byte) 0xB0, (byte) 0xB0, 0x00, 0x01, // RTX SSRC
                (byte) 0xBE, (byte) 0xDE, 0x00, 0x01, 0x22, 0x01, 0x02, 0x03, // extensions as they were
                0x12, 0x34, // OSN
                0x10, 0x00, 0x42); // original payload

        byte[] next = withRoom(ORIGINAL);
        next[3] = 0x35;
        next[1] = 96; // no marker
        int m = rtx.wrap(next, ORIGINAL.length);
        assertThat(m).isEqualTo(n);
        assertThat(next[1] & 0xFF).as("marker kept clear, PT 97").isEqualTo(97);
        assertThat(Packets.seq(next)).as("the RTX counter wraps").isZero();
        assertThat(new byte[] {next[20], next[21]}).containsExactly(0x12, 0x35);
        assertThat(rtx.sent()).isEqualTo(2);
    }

    @Test
    void paddingIsLeftOffAndCsrcsAreKept() {
        byte[] b = new byte[64];
        b[0] = (byte) 0xA1; // P, one CSRC
        b[1] = 96;
        b[2] = 0x00;
        b[3] = 0x07;
        Packets.put32(b, 8, 0xA11C);
        Packets.put32(b, 12, 0xC5C5);
        b[16] = 0x55; // one payload byte, then three of padding
        b[17] = 0;
        b[18] = 0;
        b[19] = 3;
        int n = RtxStream.wrap(b, 20, 0xFEED, 97, 100);
        assertThat(n).isEqualTo(19);
        assertThat(Arrays.copyOf(b, n)).containsExactly(
                (byte) 0x81, 97, 0x00, 100, 0, 0, 0, 0, 0x00, 0x00, (byte) 0xFE, (byte) 0xED,
                0x00, 0x00, (byte) 0xC5, (byte) 0xC5,
                0x00, 0x07, 0x55);
    }

    @Test
    void aPacketWhoseHeaderDoesNotAddUpIsNotWrapped() {
        byte[] shortExtension = withRoom(Arrays.copyOf(ORIGINAL, 18)); // the extension block runs past the end
        assertThat(RtxStream.wrap(shortExtension, 18, 1, 97, 0)).isEqualTo(-1);
        byte[] zeroPadding = withRoom(ORIGINAL);
        zeroPadding[0] |= 0x20;
        zeroPadding[ORIGINAL.length - 1] = 0;
        assertThat(RtxStream.wrap(zeroPadding, ORIGINAL.length, 1, 97, 0)).isEqualTo(-1);
        assertThat(RtxStream.wrap(new byte[20], 11, 1, 97, 0)).isEqualTo(-1);
    }

    @Test
    void paddingTakesTheStreamsNextSequenceNumberAndIsAllPadding() {
        RtxStream rtx = new RtxStream(null, 0xB0B0_0001L, 97, 0xFFFF);
        byte[] b = new byte[400];
        int n = rtx.writePadding(b, 267);
        assertThat(n).isEqualTo(267);
        assertThat(Arrays.copyOf(b, 12)).containsExactly(
                (byte) 0xA0, 97, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0, (byte) 0xB0, (byte) 0xB0, 0x00, 0x01);
        assertThat(b[n - 1] & 0xFF).as("padding count: everything after the header").isEqualTo(255);
        assertThat(PaddingFilter.isPaddingOnly(b, 0, n)).isTrue();
        // a resend after it goes on from the next number: the SRTP index of the SSRC never repeats
        byte[] r = withRoom(ORIGINAL);
        rtx.wrap(r, ORIGINAL.length);
        assertThat(((r[2] & 0xFF) << 8) | (r[3] & 0xFF)).isZero();
        assertThat(rtx.writePadding(b, 100)).isEqualTo(100);
        assertThat(b[99] & 0xFF).isEqualTo(88);
        assertThat(((b[2] & 0xFF) << 8) | (b[3] & 0xFF)).isEqualTo(1);
    }

    @Test
    void aReplacedStreamIsNotPaddedOn() {
        RtxStream old = new RtxStream(null, 0xB0B0_0001L, 97, 10);
        RtxStream next = RtxStream.continuing(old, null, 0xB0B0_0001L, 98);
        assertThat(next).isNotSameAs(old);
        assertThat(old.writePadding(new byte[400], 267)).as("it would reuse the new stream's numbers").isEqualTo(-1);
        assertThat(next.writePadding(new byte[400], 267)).isEqualTo(267);
    }
}

