package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.SfuMetrics;
import io.prochat.rtc.sfu.rtcp.RtcpType;

/**
 * A receiver's transport-cc feedback goes to the send-side bandwidth estimate of its own transport
 * ({@code cc.TransportCcSender}), which picks its simulcast layer and sets its send budget in place of REMB. Feedback
 * from a transport that did not negotiate transport-cc has nothing to match and is dropped.
 */
final class TransportCcFeedback extends RtcpStage {
    /** Feedback packets read into an estimate (tests and diagnostics). */
    volatile long read;

    TransportCcFeedback() {
        super(SfuMetrics.Stage.TRANSPORT_CC);
    }

    @Override
    boolean takes(int type, int fmt) {
        return type == RtcpType.RTPFB && fmt == RtcpType.FMT_TRANSPORT_CC;
    }

    @Override
    SfuMetrics.StageDrop process(RtcpReaders r, PacketSender from, byte[] buf, int at, int len, long nowNanos,
            SfuMetrics m) {
        if (!(from instanceof MediaTransport t) || !t.congestion().enabled()) {
            return SfuMetrics.StageDrop.TRANSPORT_CC_NOT_NEGOTIATED;
        }
        if (!r.transportCc.wrap(buf, at, len)) {
            return SfuMetrics.StageDrop.TRANSPORT_CC_MALFORMED;
        }
        t.congestion().onFeedback(r.transportCc, nowNanos);
        t.onFeedbackRead(); // a probe it started is paced from here
        read++; // the receiver's own packet thread only
        return null;
    }
}
