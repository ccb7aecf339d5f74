package io.prochat.rtc.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/** A simulcast screen share with layers l and h, on literal VP8 packets carrying mid (id 4) and rid (id 10). */
class SimulcastGroupTest {
    private static final long VIRTUAL = 0xCAFE;
    private static final long L = 0x1111;
    private static final long H = 0x2222;
    private final StreamTable own = new StreamTable();
    private final Map<Object, Long> downlinks = new ConcurrentHashMap<>();
    private final RecordingSender publisher = new RecordingSender();
    private final SimulcastGroup group = new SimulcastGroup("screen_x", VIRTUAL, publisher, List.of("l", "h"), 10,
            new int[] {4, 10, 11}, own, r -> downlinks.getOrDefault(r, 0L));
    private final Forwarder forwarder = new Forwarder(new StreamTable());

    SimulcastGroupTest() {
        forwarder.simulcast(group);
    }

    /** RTP with a one-byte extension block (mid "2", rid), then a VP8 descriptor and the first frame byte. */
    static byte[] vp8(long ssrc, String rid, int seq, long ts, boolean keyFrame) {
        byte[] b = new byte[64];
        b[0] = (byte) 0x90;
        b[1] = 96;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        Packets.put32(b, 4, ts);
        Packets.put32(b, 8, ssrc);
        b[12] = (byte) 0xBE;
        b[13] = (byte) 0xDE;
        b[15] = 2; // two words
        b[16] = 0x40; // id 4, one byte
        b[17] = '2';
        b[18] = (byte) (0xA0 | (rid.length() - 1)); // id 10
        b[19] = (byte) rid.charAt(0);
        b[20] = 0;
        b[21] = 0;
        b[22] = 0;
        b[23] = 0;
        b[24] = 0x10; // VP8 descriptor: S=1, PID 0
        b[25] = (byte) (keyFrame ? 0x00 : 0x01); // frame header: P bit
        return b;
    }

    /** RTP as {@link #vp8}, whose VP8 descriptor has a 15-bit PictureID, a TL0PICIDX and a temporal layer index. */
    static byte[] vp8(long ssrc, String rid, int seq, long ts, boolean keyFrame, int pictureId, int tl0, int tid) {
        byte[] b = vp8(ssrc, rid, seq, ts, keyFrame);
        b[24] = (byte) 0x90; // X, S; partition 0
        b[25] = (byte) 0xE0; // I, L, T
        b[26] = (byte) (0x80 | pictureId >> 8); // M: 15 bits
        b[27] = (byte) pictureId;
        b[28] = (byte) tl0;
        b[29] = (byte) (tid << 6);
        b[30] = (byte) (keyFrame ? 0x00 : 0x01);
        return b;
    }

    private static int pictureId(byte[] b) {
        return ((b[26] & 0x7F) << 8) | (b[27] & 0xFF);
    }


    private void send(long ssrc, String rid, int seq, long ts, boolean key) {
        forwarder.receiveRtp(vp8(ssrc, rid, seq, ts, key), 0, 40);
    }

    @Test
    void layersAreBoundByRidAndAReceiverSeesOneContinuousStreamAcrossASwitch() {
        RecordingSender bob = new RecordingSender();
        group.attach(bob, 0);
        send(L, "l", 100, 9000, true);
        send(H, "h", 500, 50000, true);
        assertThat(own.size()).isEqualTo(2);
        group.select(System.nanoTime(), true); // downlink unknown: the highest flowing layer
        assertThat(publisher.rtcp).extracting(p -> Packets.u32(p, 8)).contains(H); // a PLI for h
        send(H, "h", 501, 53000, false); // not a key frame: still waiting
        assertThat(bob.rtp).isEmpty();
        send(H, "h", 502, 56000, true);
        send(H, "h", 503, 59000, false);
        send(L, "l", 101, 12000, false); // the other layer does not reach bob
        assertThat(bob.rtp).extracting(p -> Packets.u32(p, 8)).containsOnly(VIRTUAL);
        assertThat(bob.rtp).extracting(Packets::seq).containsExactly(502, 503);
        assertThat(bob.rtp.get(0)[16] & 0xF0).as("mid hidden").isEqualTo(HeaderExtensions.UNUSED_ID << 4);
        assertThat(bob.rtp.get(0)[18] & 0xF0).as("rid hidden").isEqualTo(HeaderExtensions.UNUSED_ID << 4);
        assertThat(group.receiverLayers()).containsExactly("h");

        downlinks.put(bob, 100_000L); // bob's REMB now says 100 kbit/s: below h's rate
        for (int i = 0; i < 20; i++) {
            send(H, "h", 504 + i, 62000 + i * 3000L, false);
        }
        group.select(System.nanoTime(), true); // h's measured rate is far above 100 kbit/s: down to l
        send(L, "l", 102, 15000, false);
        send(H, "h", 524, 122000, false); // still on h until l's key frame
        send(L, "l", 103, 18000, true);
        send(L, "l", 104, 21000, false);
        List<byte[]> last = List.copyOf(bob.rtp.subList(bob.rtp.size() - 3, bob.rtp.size()));
        assertThat(last).extracting(Packets::seq).containsExactly(524, 525, 526);
        assertThat(Packets.u32(last.get(1), 4)).isGreaterThan(Packets.u32(last.get(0), 4));
        assertThat(Packets.u32(last.get(2), 4) - Packets.u32(last.get(1), 4)).isEqualTo(3000);
        assertThat(group.receiverLayers()).containsExactly("l");

        int received = bob.rtp.size();
        assertThat(group.stream().retransmit(526, bob)).as("a NACK for what bob saw as 526").isTrue();
        byte[] again = bob.rtp.get(bob.rtp.size() - 1);
        assertThat(Packets.seq(again)).isEqualTo(526);
        assertThat(Packets.u32(again, 8)).isEqualTo(VIRTUAL);
        assertThat(Packets.u32(again, 4)).isEqualTo(Packets.u32(last.get(2), 4));
        assertThat(group.stream().retransmit(400, bob)).isFalse();
        assertThat(group.stream().retransmit(523, bob)).as("from before the switch: h's packet, not l's").isFalse();
        received = bob.rtp.size();
        group.detach(bob);
        send(L, "l", 105, 24000, false);
        assertThat(bob.rtp).hasSize(received);
        assertThat(group.receiverCount()).isZero();

        // the share comes back on the same SSRC: bob's stream goes on from where it stopped, at the next key frame
        group.attach(bob, 0);
        group.select(System.nanoTime(), true);
        send(L, "l", 9000, 700000, true);
        send(H, "h", 30000, 900000, true);
        byte[] resumed = bob.rtp.get(received);
        assertThat(Packets.seq(resumed)).isEqualTo(527);
        assertThat(Packets.u32(resumed, 4)).isGreaterThan(Packets.u32(last.get(2), 4));
    }

    /**
     * Packets reordered around a switch: one of the new layer older than its key frame, arriving after it, would be
     * sent under a number the receiver already had from the old layer (the same SRTP index for two packets); and a
     * late packet must not take back the number the next switch goes on from.
     */
    @Test
    void aLatePacketNeverReusesANumberTheReceiverAlreadyHad() {
        RecordingSender bob = new RecordingSender();
        group.attach(bob, 0);
        send(L, "l", 100, 9000, true);
        group.select(System.nanoTime(), true); // only l flows: bob starts on l, at its next key frame
        send(L, "l", 101, 12000, true);
        send(L, "l", 102, 15000, false);
        send(H, "h", 500, 50000, true);
        group.select(System.nanoTime(), true); // h flows too and the downlink is unknown: up to h
        send(H, "h", 502, 56000, true); // h's key frame: the switch; bob's numbers go on at 103
        send(H, "h", 501, 53000, false); // late: before the key frame
        send(H, "h", 503, 59000, false);
        assertThat(bob.rtp).extracting(Packets::seq).containsExactly(101, 102, 103, 104);

        send(H, "h", 505, 65000, false);
        send(H, "h", 504, 62000, false); // reordered within the layer: sent, under its own number
        assertThat(bob.rtp).extracting(Packets::seq).endsWith(106, 105);
        downlinks.put(bob, 10_000L);
        group.select(System.nanoTime(), true); // down to l
        send(L, "l", 110, 30000, true);
        assertThat(Packets.seq(bob.rtp.get(bob.rtp.size() - 1))).as("after the highest sent, not the last")
                .isEqualTo(107);
    }

    @Test
    void aReceiverStillWaitingForAKeyFrameAsksAgainAtTheNextSelection() {
        send(L, "l", 100, 9000, true); // l flows; h never does (Chromium pauses it)
        RecordingSender cid = new RecordingSender();
        group.attach(cid, 0); // asks for a key frame of l
        send(L, "l", 101, 12000, true);
        assertThat(group.receiverLayers()).containsExactly("l");
        RecordingSender bob = new RecordingSender();
        group.attach(bob, 0); // within the keyframe interval of cid's request: no new PLI goes out
        long plis = publisher.rtcp.stream().filter(p -> Packets.u32(p, 8) == L).count();
        send(L, "l", 102, 15000, false);
        assertThat(bob.rtp).as("bob waits for a key frame").isEmpty();

        group.select(System.nanoTime() + 3_000_000_000L, false); // the room's next tick, past the interval
        assertThat(publisher.rtcp.stream().filter(p -> Packets.u32(p, 8) == L).count())
                .as("a new PLI for bob's pending layer").isEqualTo(plis + 1);
        send(L, "l", 103, 18000, true);
        assertThat(bob.rtp).extracting(Packets::seq).isNotEmpty();
        assertThat(group.receiverLayers()).containsExactly("l", "l");
    }

    @Test
    void aNackFromAReceiverThatNegotiatedRtxIsAnsweredAsRtxOfTheStreamItSees() {
        RecordingSender bob = new RecordingSender();
        group.stream().rtxSsrc(0xCAFF);
        group.attach(bob, 97);
        send(L, "l", 100, 9000, true);
        group.select(System.nanoTime(), true);
        send(L, "l", 101, 9000, true); // the key frame bob starts on
        send(L, "l", 102, 12000, false);
        byte[] sent = bob.rtp.get(bob.rtp.size() - 1);
        assertThat(group.stream().retransmit(Packets.seq(sent), bob)).isTrue();
        byte[] rtx = bob.rtp.get(bob.rtp.size() - 1);
        assertThat(rtx[1] & 0x7F).isEqualTo(97);
        assertThat(Packets.u32(rtx, 8)).isEqualTo(0xCAFF);
        assertThat(Packets.u32(rtx, 4)).as("the timestamp bob saw").isEqualTo(Packets.u32(sent, 4));
        assertThat(Arrays.copyOfRange(rtx, 12, 24)).as("extensions as bob saw them").isEqualTo(
                Arrays.copyOfRange(sent, 12, 24));
        assertThat(((rtx[24] & 0xFF) << 8) | (rtx[25] & 0xFF)).as("OSN").isEqualTo(Packets.seq(sent));
        assertThat(Arrays.copyOfRange(rtx, 26, 42)).isEqualTo(Arrays.copyOfRange(sent, 24, 40));
        assertThat(group.stream().sendsRtxTo(bob)).isTrue();
    }

    /** Issue 11, item 7: layer SSRCs never reach receivers, not even in sender reports. */
    @Test
    void aLayersSenderReportReachesReceiversAsOneAboutTheStreamTheySee() {
        RecordingSender bob = new RecordingSender();
        group.attach(bob, 0);
        send(L, "l", 100, 9000, true);
        send(H, "h", 500, 50000, true);
        group.select(System.nanoTime(), true); // bob goes to h, waits for its key frame
        send(H, "h", 501, 53000, true);
        byte[] b = new byte[200];
        int n = io.prochat.rtc.sfu.rtcp.SenderReport.write(b, 0, H, 0xE1234567_89ABCDEFL, 53000, 2, 80, 0);
        own.find(H).relayRtcp(b, 0, n); // as the publisher's Forwarder relays a report about its own stream
        n = io.prochat.rtc.sfu.rtcp.SenderReport.write(b, 0, L, 0xE1234567_89ABCDEFL, 9000, 1, 40, 0);
        own.find(L).relayRtcp(b, 0, n); // l's report: bob is not on l
        assertThat(bob.rtcp).hasSize(1);
        byte[] sr = bob.rtcp.get(0);
        assertThat(sr[1] & 0xFF).isEqualTo(200);
        assertThat(Packets.u32(sr, 4)).as("the stream bob sees").isEqualTo(VIRTUAL);
        assertThat(Packets.u32(sr, 8)).as("NTP time kept").isEqualTo(0xE1234567L);
        assertThat(Packets.u32(sr, 16)).as("RTP time on bob's timeline").isEqualTo(Packets.u32(bob.rtp.get(0), 4));
    }

    /**
     * Issue 14: a layer Chromium paused lags the other in PictureID and TL0PICIDX; a receiver switched to it must see
     * both go on from where they were (Chromium's VP8 reference finder drops the base-layer frames of a TL0PICIDX it
     * saw before, and freezes until its next key frame request, 3 s later), in what it is resent too.
     */
    @Test
    void vp8PictureIdsAndTl0PicIdxGoOnAcrossASwitch() {
        RecordingSender bob = new RecordingSender();
        downlinks.put(bob, 1L); // too little for h: bob starts on l
        group.attach(bob, 0);
        int ts = 9000;
        forwarder.receiveRtp(vp8(L, "l", 100, ts, true, 32_760, 250, 0), 0, 40);
        forwarder.receiveRtp(vp8(H, "h", 500, ts, true, 32_700, 240, 0), 0, 40);
        group.select(System.nanoTime(), true);
        for (int i = 1; i <= 8; i++) { // l goes on, wrapping both numbers; h is paused
            forwarder.receiveRtp(vp8(L, "l", 100 + i, ts + 3000L * i, i == 1, (32_760 + i) & 0x7FFF,
                    (250 + i / 4) & 0xFF, i == 1 || i % 4 == 0 ? 0 : 2), 0, 40);
        }
        byte[] lastL = bob.rtp.get(bob.rtp.size() - 1);
        assertThat(pictureId(lastL)).isEqualTo(0); // 32768 wrapped
        assertThat(lastL[28] & 0xFF).isEqualTo(252);

        downlinks.put(bob, 0L); // unknown: the highest flowing layer
        group.select(System.nanoTime(), true);
        forwarder.receiveRtp(vp8(H, "h", 501, 60000, true, 32_701, 240, 0), 0, 40);
        forwarder.receiveRtp(vp8(H, "h", 502, 63000, false, 32_702, 240, 2), 0, 40);
        forwarder.receiveRtp(vp8(H, "h", 503, 66000, false, 32_703, 241, 0), 0, 40);
        assertThat(group.receiverLayers()).containsExactly("h");
        List<byte[]> onH = bob.rtp.subList(bob.rtp.size() - 3, bob.rtp.size());
        assertThat(onH).extracting(SimulcastGroupTest::pictureId).as("after the last picture id sent")
                .containsExactly(1, 2, 3);
        assertThat(onH).extracting(p -> p[28] & 0xFF).as("after the last TL0PICIDX sent")
                .containsExactly(253, 253, 254);
        assertThat(onH.get(1)[29] & 0xFF).as("the temporal layer index kept").isEqualTo(2 << 6);

        assertThat(group.stream().retransmit(Packets.seq(onH.get(1)), bob)).isTrue();
        byte[] again = bob.rtp.get(bob.rtp.size() - 1);
        assertThat(pictureId(again)).as("resent as bob first saw it").isEqualTo(2);
        assertThat(again[28] & 0xFF).isEqualTo(253);
    }

    @Test
    void keyFramesAreToldFromDeltaFramesInVp8Descriptors() {
        byte[] key = vp8(1, "l", 1, 1, true);
        byte[] delta = vp8(1, "l", 1, 1, false);
        assertThat(Vp8.isKeyFrameStart(key, 24, 16)).isTrue();
        assertThat(Vp8.isKeyFrameStart(delta, 24, 16)).isFalse();
        byte[] extended = {(byte) 0x90, (byte) 0xE0, (byte) 0x81, 0x23, 0x05, 0x00, 0x00}; // X, I (15 bit), L, T/K
        assertThat(Vp8.isKeyFrameStart(extended, 0, extended.length)).isTrue();
        byte[] middle = {0x00, 0x00}; // not the start of a partition
        assertThat(Vp8.isKeyFrameStart(middle, 0, 2)).isFalse();
    }

    @Test
    void pictureIdAndTl0PicIdxAreFoundInVp8Descriptors() {
        byte[] full = {(byte) 0x90, (byte) 0xE0, (byte) 0x81, 0x23, 0x05, 0x40, 0x00}; // I (15 bit), L, T
        assertThat(Vp8.pictureIdAt(full, 0, full.length)).isEqualTo(2);
        assertThat(Vp8.tl0PicIdxAt(full, 0, full.length)).isEqualTo(4);
        byte[] short7 = {(byte) 0x90, (byte) 0xC0, 0x23, 0x05, 0x00}; // I (7 bit), L
        assertThat(Vp8.pictureIdAt(short7, 0, short7.length)).isEqualTo(2);
        assertThat(Vp8.tl0PicIdxAt(short7, 0, short7.length)).isEqualTo(3);
        byte[] noL = {(byte) 0x90, (byte) 0x80, (byte) 0x81, 0x23, 0x00};
        assertThat(Vp8.tl0PicIdxAt(noL, 0, noL.length)).isEqualTo(-1);
        byte[] plain = {0x10, 0x00, 0x00};
        assertThat(Vp8.pictureIdAt(plain, 0, plain.length)).isEqualTo(-1);
        assertThat(Vp8.tl0PicIdxAt(plain, 0, plain.length)).isEqualTo(-1);
        assertThat(Vp8.pictureIdAt(full, 0, 3)).as("cut short").isEqualTo(-1);
    }
}
