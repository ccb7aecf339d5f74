package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.rtcp.RtcpType;

/**
 * Keeps the participant's last REMB (draft-alvestrand-rmcat-remb) as its downlink estimate, which simulcast layer
 * choice and the SFU's own REMB to publishers read. Other application-layer feedback is dropped.
 */
final class RembReader extends RtcpStage {
    /** The last REMB, in bit/s; 0 until one arrived (read by the control thread). */
    volatile long downlinkBps;

    RembReader() {
        super(SfuMetrics.Stage.REMB);
    }

    @Override
    boolean takes(int type, int fmt) {
        return type == RtcpType.PSFB && fmt == RtcpType.FMT_AFB;
    }

    @Override
    SfuMetrics.StageDrop process(RtcpReaders r, PacketSender from, byte[] buf, int at, int len, long nowNanos,
            SfuMetrics m) {
        if (!r.remb.wrap(buf, at, len)) {
            return SfuMetrics.StageDrop.REMB_MALFORMED;
        }
        downlinkBps = r.remb.bitrate();
        return null;
    }
}
