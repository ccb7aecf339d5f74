package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.SfuMetrics;

/**
 * Hands each receiver of the stream its own copy, in the packet thread's {@link Scratch} array, which the receiver's
 * transport encrypts in place and sends (a failed send is the transport's to count). The last stage: a packet it
 * passes was forwarded; one it drops had nobody to go to.
 */
final class FanOut extends RtpStage {
    FanOut() {
        super(SfuMetrics.Stage.FAN_OUT);
    }

    @Override
    SfuMetrics.StageDrop process(StreamSource s, byte[] buf, int off, int len, long nowNanos) {
        PacketSender[] rs = s.receivers;
        if (rs.length == 0) {
            return SfuMetrics.StageDrop.NO_RECEIVERS;
        }
        byte[] copy = Scratch.rtp();
        for (int i = 0; i < rs.length; i++) {
            System.arraycopy(buf, off, copy, 0, len);
            rs[i].sendRtp(copy, 0, len);
        }
        s.forwarded++;
        return null;
    }
}
