package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.rtcp.RtcpType;
import io.prochat.rtc.sfu.rtcp.SenderReport;

/**
 * A sender report about one of the participant's own streams: recorded (LSR/DLSR of the SFU's receiver reports) and
 * passed on to that stream's receivers, whom lip sync needs it for (RFC 3550 §6.4.1).
 */
final class SenderReportRelay extends RtcpStage {
    private final StreamTable own;

    SenderReportRelay(StreamTable own) {
        super(SfuMetrics.Stage.SENDER_REPORT);
        this.own = own;
    }

    @Override
    boolean takes(int type, int fmt) {
        return type == RtcpType.SR;
    }

    @Override
    SfuMetrics.StageDrop process(RtcpReaders r, PacketSender from, byte[] buf, int at, int len, long nowNanos,
            SfuMetrics m) {
        if (!r.sr.wrap(buf, at, len)) {
            return SfuMetrics.StageDrop.SR_MALFORMED;
        }
        StreamSource s = own.find(r.sr.senderSsrc());
        if (s == null) {
            return SfuMetrics.StageDrop.SR_UNKNOWN_SSRC;
        }
        s.stats().onSenderReport(SenderReport.middle32(r.sr.ntpTimestamp()), nowNanos);
        s.relayRtcp(buf, at, len);
        return null;
    }
}
