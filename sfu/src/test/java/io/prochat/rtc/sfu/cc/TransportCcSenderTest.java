package io.prochat.rtc.sfu.cc;

import static org.assertj.core.api.Assertions.assertThat;

import io.prochat.rtc.sfu.rtcp.TransportCc;
import io.prochat.rtc.sfu.rtp.RtpPacketView;
import org.junit.jupiter.api.Test;

/** Numbering on the way out (in place, or inserted into the receiver's copy) and feedback matched to it. */
class TransportCcSenderTest {
    private static final int ID = 3;

    /** RTP with one one-byte extension block holding abs-send-time (id 2), then {@code payload} bytes. */
    private static byte[] withExtension(int payload) {
        byte[] b = new byte[12 + 8 + payload + 40];
        b[0] = (byte) 0x90;
        b[1] = 96;
        b[12] = (byte) 0xBE;
        b[13] = (byte) 0xDE;
        b[15] = 1;
        b[16] = 0x22; // id 2, 3 bytes
        for (int i = 0; i < payload; i++) {
            b[20 + i] = (byte) (i + 1);
        }
        return b;
    }

    @Test
    void insertsTheElementIntoAnExistingBlockAndKeepsThePayload() {
        TransportCcSender s = new TransportCcSender();
        s.enable(ID, 111);
        byte[] b = withExtension(10);
        int len = s.onSend(b, 0, 30, 10, 0);
        assertThat(len).isEqualTo(34);
        RtpPacketView v = new RtpPacketView();
        assertThat(v.wrap(b, 0, len)).isTrue();
        int at = v.findExtension(ID);
        assertThat(at).isPositive();
        assertThat(v.extensionLength(at)).isEqualTo(2);
        assertThat(v.findExtension(2)).isPositive();
        assertThat(v.payloadLength()).isEqualTo(10);
        assertThat(b[v.payloadOffset()]).isEqualTo((byte) 1);
        assertThat(b[v.payloadOffset() + 9]).isEqualTo((byte) 10);
        // the next packet that already has the element is numbered in place
        assertThat(s.onSend(b, 0, len, 10, 1000)).isEqualTo(len);
        assertThat(((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF)).isEqualTo(1);
    }

    @Test
    void addsABlockToAPacketWithoutOneAndLeavesPacketsWithoutRoomAlone() {
        TransportCcSender s = new TransportCcSender();
        s.enable(ID, 111);
        byte[] b = new byte[12 + 5 + 30];
        b[0] = (byte) 0x80;
        b[1] = 96;
        b[12] = 42;
        int len = s.onSend(b, 0, 17, 10, 0);
        assertThat(len).isEqualTo(25);
        RtpPacketView v = new RtpPacketView();
        assertThat(v.wrap(b, 0, len)).isTrue();
        assertThat(v.findExtension(ID)).isPositive();
        assertThat(b[v.payloadOffset()]).isEqualTo((byte) 42);

        byte[] tight = new byte[17 + 10];
        tight[0] = (byte) 0x80;
        assertThat(s.onSend(tight, 0, 17, 10, 0)).isEqualTo(17);
        assertThat(s.unstampable()).isEqualTo(1);
    }

    @Test
    void disabledSendsPacketsUnchanged() {
        TransportCcSender s = new TransportCcSender();
        byte[] b = withExtension(10);
        assertThat(s.onSend(b, 0, 30, 10, 0)).isEqualTo(30);
        assertThat(new RtpPacketView().wrap(b, 0, 30)).isTrue();
    }

    @Test
    void feedbackIsMatchedToWhatWasSentAndCountedOnce() {
        BandwidthEstimator e = new BandwidthEstimator();
        TransportCcSender s = new TransportCcSender(e);
        s.enable(ID, 111);
        for (int i = 0; i < 3; i++) {
            s.onSend(withExtension(100), 0, 120, 10, i * 1_000_000L);
        }
        // sequence 0..2: received, lost, received (one two-bit status vector chunk, small deltas of 1 ms)
        byte[] fb = {(byte) 0x8F, (byte) 205, 0, 5, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 1, 0,
            (byte) 0xD1, 0x00, 4, 4};
        TransportCc view = new TransportCc();
        assertThat(view.wrap(fb, 0, fb.length)).isTrue();
        assertThat(view.statusCount()).isEqualTo(3);
        assertThat(view.isReceived(1)).isFalse();
        assertThat(view.isReceived(2)).isTrue();
        s.onFeedback(view, 10_000_000);
        assertThat(e.feedbacks()).isEqualTo(1);
        assertThat(e.hasFeedback()).isTrue();
    }

    /**
     * A transport-cc feedback (draft-holmer §3.1) reporting {@code count} packets from {@code base}, all received: one
     * run-length chunk, then small deltas: the first {@code firstTicks} after the reference time {@code reference64ms},
     * each next one {@code gapTicks} (250 µs) after the one before.
     */
    static TransportCc feedback(int base, int count, int reference64ms, int firstTicks, int gapTicks, int fbCount) {
        int len = 20 + 2 + count;
        len = (len + 3) / 4 * 4;
        byte[] b = new byte[len];
        b[0] = (byte) 0x8F;
        b[1] = (byte) 205;
        b[3] = (byte) (len / 4 - 1);
        b[7] = 1;
        b[11] = 2;
        b[12] = (byte) (base >>> 8);
        b[13] = (byte) base;
        b[15] = (byte) count;
        b[16] = (byte) (reference64ms >>> 16);
        b[17] = (byte) (reference64ms >>> 8);
        b[18] = (byte) reference64ms;
        b[19] = (byte) fbCount;
        int chunk = 0x2000 | count; // run length of "received, small delta"
        b[20] = (byte) (chunk >>> 8);
        b[21] = (byte) chunk;
        for (int i = 0; i < count; i++) {
            b[22 + i] = (byte) (i == 0 ? firstTicks : gapTicks);
        }
        TransportCc v = new TransportCc();
        assertThat(v.wrap(b, 0, len)).isTrue();
        return v;
    }

    /**
     * Media paced every 20 ms and reported as arriving so, which starts a probe; then the probe's padding, sent as
     * the prober paces it, reported arriving {@code gapTicks} apart. Returns the sender.
     */
    private static TransportCcSender probedThrough(int gapTicks) {
        TransportCcSender s = new TransportCcSender(new BandwidthEstimator());
        s.enable(ID, 111);
        s.prober().want(BandwidthEstimator.MAX_BPS);
        for (int i = 0; i < 20; i++) {
            s.onSend(withExtension(100), 0, 120, 10, i * 20_000_000L);
        }
        s.onFeedback(feedback(0, 20, 0, 40, 80, 0), 400_000_000L);
        assertThat(s.prober().sending()).as("a calm path below what is wanted is probed").isTrue();
        int n = 0;
        for (long t = 400_000; s.prober().sending(); t += 2_000) {
            for (long due = s.prober().bytesDue(t); due >= Prober.PACKET_BYTES; due -= Prober.PACKET_BYTES) {
                byte[] pad = new byte[Prober.PACKET_BYTES + 8 + 10];
                pad[0] = (byte) 0xA0;
                pad[Prober.PACKET_BYTES - 1] = (byte) (Prober.PACKET_BYTES - 12);
                int len = s.onSendProbe(pad, 0, Prober.PACKET_BYTES, 10, t * 1000);
                assertThat(len).isEqualTo(Prober.PACKET_BYTES + 8);
                assertThat(pad[len - 1]).as("the padding count stays last").isEqualTo((byte) (Prober.PACKET_BYTES - 12));
                s.prober().sent(len, t);
                n++;
            }
        }
        assertThat(n).isGreaterThanOrEqualTo(Prober.MIN_PACKETS);
        // reference 384 ms; the first padding arrives at 410 ms
        s.onFeedback(feedback(20, n, 6, 104, gapTicks, 1), 460_000_000L);
        return s;
    }

    @Test
    void aProbeThatArrivesAsPacedRaisesTheEstimate() {
        TransportCcSender s = probedThrough(4); // ~2 Mbit/s arrives: the path took the probe
        assertThat(s.prober().concluded()).isEqualTo(1);
        assertThat(s.prober().raised()).isEqualTo(1);
        assertThat(s.estimator().estimate()).isGreaterThan(1_800_000L);
        assertThat(s.estimator().usableBps()).as("judged: counted on").isEqualTo(s.estimator().estimate());
    }

    @Test
    void aProbeSlowedByABottleneckRaisesTheEstimateToTheBottleneck() {
        TransportCcSender s = probedThrough(5); // 1.25 ms apart: a path of about 1.76 Mbit/s
        assertThat(s.prober().raised()).isEqualTo(1);
        assertThat(s.estimator().estimate()).isBetween(1_500_000L, 1_800_000L);
    }

    @Test
    void aProbeSqueezedToUnderHalfItsRateBringsTheGuessDown() {
        TransportCcSender s = probedThrough(18); // 4.5 ms apart: a path of about 480 kbit/s, a queue formed
        assertThat(s.prober().concluded()).isEqualTo(1);
        assertThat(s.prober().raised()).isZero();
        assertThat(s.prober().lastResultBps()).isZero();
        assertThat(s.estimator().estimate()).as("the 1 Mbit/s starting guess comes down to 1.5 × the ~50 kbit/s acked")
                .isLessThan(200_000L);
    }

    @Test
    void theStartingEstimateIsNotCountedOnBeforeAProbeJudgedIt() {
        TransportCcSender s = new TransportCcSender(new BandwidthEstimator());
        s.enable(ID, 111);
        for (int i = 0; i < 20; i++) {
            s.onSend(withExtension(100), 0, 120, 10, i * 20_000_000L);
        }
        s.onFeedback(feedback(0, 20, 0, 40, 80, 0), 400_000_000L);
        assertThat(s.estimator().estimate()).isGreaterThanOrEqualTo(BandwidthEstimator.INITIAL_BPS);
        assertThat(s.estimator().usableBps()).as("1.5 × the ~50 kbit/s acked, not the guess").isLessThan(200_000L);
    }

    @Test
    void audioIsNumberedOnlyForAReceiverThatAlsoGetsVideo() {
        TransportCcSender s = new TransportCcSender();
        s.enable(ID, 111);
        byte[] audio = withExtension(100);
        audio[1] = 111;
        assertThat(s.onSend(audio, 0, 120, 10, 0)).as("an audio-only receiver: sent as it is").isEqualTo(120);
        assertThat(new RtpPacketView().wrap(audio, 0, 120)).isTrue();
        byte[] video = withExtension(100);
        assertThat(s.onSend(video, 0, 120, 10, 0)).as("video is always numbered").isEqualTo(124);
        s.receivesVideo(true);
        byte[] next = withExtension(100);
        next[1] = 111;
        int len = s.onSend(next, 0, 120, 10, 1000);
        assertThat(len).isEqualTo(124);
        RtpPacketView v = new RtpPacketView();
        assertThat(v.wrap(next, 0, len)).isTrue();
        int at = v.findExtension(ID);
        assertThat(((next[at] & 0xFF) << 8) | (next[at + 1] & 0xFF)).as("numbers go on without a gap").isEqualTo(1);
    }
}

