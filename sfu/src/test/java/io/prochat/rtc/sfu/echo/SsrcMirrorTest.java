package io.prochat.rtc.sfu.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** SSRC renaming for the echo, on hand-built RTCP. */
class SsrcMirrorTest {
    private static final int A = 0x11111111;
    private static final int B = 0x22222222;

    @Test
    void mappingIsItsOwnInverseAndNeverTheIdentity() {
        assertThat(SsrcMirror.map(SsrcMirror.map(12345L))).isEqualTo(12345L);
        assertThat(SsrcMirror.map(12345L)).isNotEqualTo(12345L);
        assertThat(SsrcMirror.map(0xFFFFFFFFL)).isBetween(0L, 0xFFFFFFFFL);
    }

    @Test
    void rtpSsrcIsRenamed() {
        byte[] rtp = new byte[20];
        ByteBuffer.wrap(rtp).put(0, (byte) 0x80).putInt(8, A);
        SsrcMirror.rtp(rtp, 0);
        assertThat(Integer.toUnsignedLong(ByteBuffer.wrap(rtp).getInt(8))).isEqualTo(SsrcMirror.map(A));
    }

    @Test
    void compoundRrSdesPliFirAreAllRenamedAndTheRestIsUntouched() {
        ByteBuffer b = ByteBuffer.allocate(32 + 16 + 12 + 20);
        // RR, one report block about B
        b.put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt(A).putInt(B).put(new byte[20]);
        // SDES, one chunk for A with CNAME "ab", then null and padding to 32 bits
        b.put((byte) 0x81).put((byte) 202).putShort((short) 3).putInt(A).put((byte) 1).put((byte) 2).put((byte) 'a')
                .put((byte) 'b').put(new byte[4]);
        // PLI from A about B
        b.put((byte) 0x81).put((byte) 206).putShort((short) 2).putInt(A).putInt(B);
        // FIR from A, one entry for B
        b.put((byte) 0x84).put((byte) 206).putShort((short) 4).putInt(A).putInt(0).putInt(B).putInt(0x05000000);
        byte[] packet = b.array();
        SsrcMirror.rtcp(packet, 0, packet.length);
        ByteBuffer r = ByteBuffer.wrap(packet);
        long a = SsrcMirror.map(A);
        long bb = SsrcMirror.map(B);
        assertThat(Integer.toUnsignedLong(r.getInt(4))).isEqualTo(a);
        assertThat(Integer.toUnsignedLong(r.getInt(8))).isEqualTo(bb);
        assertThat(Integer.toUnsignedLong(r.getInt(36))).isEqualTo(a);
        assertThat(packet[40]).isEqualTo((byte) 1);
        assertThat(packet[42]).isEqualTo((byte) 'a');
        assertThat(Integer.toUnsignedLong(r.getInt(52))).isEqualTo(a);
        assertThat(Integer.toUnsignedLong(r.getInt(56))).isEqualTo(bb);
        assertThat(Integer.toUnsignedLong(r.getInt(64))).isEqualTo(a);
        assertThat(r.getInt(68)).isZero(); // FIR's media SSRC field is 0 (RFC 5104 §4.3.1.1) and stays 0
        assertThat(Integer.toUnsignedLong(r.getInt(72))).isEqualTo(bb);
        assertThat(r.getInt(76)).isEqualTo(0x05000000);
    }

    @Test
    void malformedLengthsStopTheWalkWithoutThrowing() {
        byte[] junk = {(byte) 0x81, (byte) 201, 0x7F, 0x7F, 1, 2, 3, 4, 5, 6, 7, 8};
        SsrcMirror.rtcp(junk, 0, junk.length);
        assertThat(junk[4]).isEqualTo((byte) 1);
    }
}
