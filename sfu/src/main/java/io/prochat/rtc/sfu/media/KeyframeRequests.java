package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.rtcp.RtcpType;

/**
 * A receiver's PLI or FIR (RFC 4585 §6.3.1, RFC 5104 §4.3.1) about someone else's stream: passed to that stream's
 * publisher, throttled per stream ({@link StreamSource#keyframe}).
 */
final class KeyframeRequests extends RtcpStage {
    private final StreamTable room;

    KeyframeRequests(StreamTable room) {
        super(SfuMetrics.Stage.KEYFRAME_REQUEST);
        this.room = room;
    }

    @Override
    boolean takes(int type, int fmt) {
        return type == RtcpType.PSFB && (fmt == RtcpType.FMT_PLI || fmt == RtcpType.FMT_FIR);
    }

    @Override
    SfuMetrics.StageDrop process(RtcpReaders r, PacketSender from, byte[] buf, int at, int len, long nowNanos,
            SfuMetrics m) {
        if ((buf[at] & 0x1F) == RtcpType.FMT_PLI) {
            if (len < 12) {
                return SfuMetrics.StageDrop.KEYFRAME_MALFORMED;
            }
            StreamSource s = room.find(u32(buf, at + 8));
            if (s == null) {
                return SfuMetrics.StageDrop.KEYFRAME_UNKNOWN_SSRC;
            }
            s.keyframe(false, nowNanos);
            return null;
        }
        if (!r.fir.wrap(buf, at, len)) {
            return SfuMetrics.StageDrop.KEYFRAME_MALFORMED;
        }
        boolean found = false;
        for (int i = 0; i < r.fir.entryCount(); i++) {
            StreamSource s = room.find(r.fir.entrySsrc(i));
            if (s != null) {
                s.keyframe(true, nowNanos);
                found = true;
            }
        }
        return found ? null : SfuMetrics.StageDrop.KEYFRAME_UNKNOWN_SSRC;
    }
}
