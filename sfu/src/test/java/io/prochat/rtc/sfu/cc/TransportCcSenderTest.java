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
}
