package io.prochat.rtc.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.sfu.rtcp.RtcpType;
import org.junit.jupiter.api.Test;

class StreamSourceTest {
    private static final long SSRC = 0x11223344L;
    private final RecordingSender publisher = new RecordingSender();
    private final RecordingSender a = new RecordingSender();
    private final RecordingSender b = new RecordingSender();

    private StreamSource video() {
        return new StreamSource("video_x", SSRC, true, publisher, 0, new PacketCache(64, 1500));
    }

    @Test
    void everyReceiverGetsTheSamePacketWithSsrcTimestampAndPayloadUnchanged() {
        StreamSource s = video();
        s.attach(a);
        s.attach(b);
        s.attach(a); // attaching twice is once
        byte[] p = Packets.rtp(1000, 90000, SSRC);
        s.forward(p, 0, 16, 0);
        assertThat(a.rtp).hasSize(1);
        assertThat(b.rtp).hasSize(1);
        assertThat(a.rtp.get(0)).isEqualTo(java.util.Arrays.copyOf(Packets.rtp(1000, 90000, SSRC), 16));
        s.detach(a);
        s.forward(Packets.rtp(1001, 93000, SSRC), 0, 16, 0);
        assertThat(a.rtp).hasSize(1);
        assertThat(b.rtp).hasSize(2);
    }

    @Test
    void mutedPacketsAreDroppedAndReceiversSeeNoSequenceGap() {
        StreamSource s = new StreamSource("voice_x", SSRC, false, publisher, 1, null);
        s.attach(a);
        s.forward(Packets.audio(65534, SSRC, 30), 0, 21, 0);
        s.mute(true);
        for (int seq = 65535; seq < 65535 + 5; seq++) {
            s.forward(Packets.audio(seq & 0xFFFF, SSRC, 30), 0, 21, 0);
        }
        s.mute(false);
        s.forward(Packets.audio(4, SSRC, 30), 0, 21, 0);
        s.forward(Packets.audio(5, SSRC, 30), 0, 21, 0);
        assertThat(a.rtp).extracting(Packets::seq).containsExactly(65534, 65535, 0);
        assertThat(a.rtp).extracting(p -> Packets.u32(p, 4)).containsExactly(65534 * 960L, 4 * 960L, 5 * 960L);
    }

    @Test
    void paddingOnlyPacketsAreDroppedUnmeasuredAndReceiversSeeNoSequenceGap() {
        StreamSource s = video();
        s.attach(a);
        s.forward(Packets.rtp(10, 3000, SSRC), 0, 16, 0);
        // what Chromium sends to probe its uplink: P bit, no payload but the padding (224 bytes, the count last)
        byte[] pad = new byte[12 + 224 + 64];
        System.arraycopy(Packets.rtp(11, 3000, SSRC), 0, pad, 0, 12);
        pad[0] |= 0x20;
        pad[12 + 223] = (byte) 224;
        s.forward(pad, 0, 12 + 224, 0);
        byte[] withPayload = Packets.rtp(12, 6000, SSRC); // padded media is media
        withPayload[0] |= 0x20;
        withPayload[15] = 1;
        s.forward(withPayload, 0, 16, 0);
        s.forward(Packets.rtp(13, 9000, SSRC), 0, 16, 0);
        assertThat(a.rtp).extracting(Packets::seq).containsExactly(10, 11, 12);
        assertThat(a.rtp).extracting(p -> Packets.u32(p, 4)).containsExactly(3000L, 6000L, 9000L);
        assertThat(s.bytesForwarded()).as("padding is not the stream's rate").isEqualTo(3 * 16);
        assertThat(s.retransmit(11, a)).isTrue();
        assertThat(Packets.u32(a.rtp.get(3), 4)).as("a NACK for 11 gets the padded media packet").isEqualTo(6000L);
    }

    @Test
    void nackedPacketsComeFromTheCacheUntilOverwritten() {
        StreamSource s = video();
        for (int seq = 0; seq < 100; seq++) {
            s.forward(Packets.rtp(seq, seq * 3000L, SSRC), 0, 16, 0);
        }
        assertThat(s.retransmit(99, a)).isTrue();
        assertThat(s.retransmit(36, a)).isTrue();
        assertThat(s.retransmit(35, a)).isFalse(); // 64 slots: 36..99 remain
        assertThat(a.rtp).extracting(Packets::seq).containsExactly(99, 36);
    }

    @Test
    void keyFrameRequestsReachThePublisherAtMostTwiceASecond() {
        StreamSource s = video();
        long t0 = 5_000_000_000L;
        assertThat(s.keyframe(false, t0)).isTrue();
        assertThat(s.keyframe(false, t0 + 100_000_000L)).isFalse();
        assertThat(s.keyframe(true, t0 + StreamSource.KEYFRAME_INTERVAL_NANOS)).isTrue();
        assertThat(publisher.rtcp).hasSize(2);
        byte[] pli = publisher.rtcp.get(0);
        assertThat(pli[0] & 0x1F).isEqualTo(RtcpType.FMT_PLI);
        assertThat(pli[1] & 0xFF).isEqualTo(RtcpType.PSFB);
        assertThat(Packets.u32(pli, 4)).isEqualTo(StreamSource.SFU_SSRC);
        assertThat(Packets.u32(pli, 8)).isEqualTo(SSRC);
        byte[] fir = publisher.rtcp.get(1);
        assertThat(fir[0] & 0x1F).isEqualTo(RtcpType.FMT_FIR);
        assertThat(Packets.u32(fir, 12)).isEqualTo(SSRC);
    }

    @Test
    void audioLevelBecomesVoiceActivityWithHangover() {
        StreamSource s = new StreamSource("voice_x", SSRC, false, publisher, 1, null);
        long t = 1_000_000_000L;
        s.forward(Packets.audio(1, SSRC, 120), 0, 21, t); // near silence
        assertThat(s.speaking(t, 1_000_000_000L)).isFalse();
        s.forward(Packets.audio(2, SSRC, 25), 0, 21, t + 20_000_000L); // -25 dBov: speech
        assertThat(s.speaking(t + 500_000_000L, 1_000_000_000L)).isTrue();
        assertThat(s.loudness()).isPositive();
        assertThat(s.speaking(t + 1_100_000_000L, 1_000_000_000L)).isFalse();
        s.forward(Packets.audio(3, SSRC, 25), 0, 21, t + 1_200_000_000L);
        s.mute(true);
        assertThat(s.speaking(t + 1_300_000_000L, 1_000_000_000L)).isFalse();
    }
}
