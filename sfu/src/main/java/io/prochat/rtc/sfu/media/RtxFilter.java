package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.SfuMetrics;

/**
 * Drops RTX a publisher sends. The SFU never negotiates RTX for what a participant publishes (it never NACKs
 * publishers), so such packets are padding or bandwidth probes, never media to forward. One per participant.
 */
final class RtxFilter extends RtpStage {
    /** The payload type this participant numbers RTX with, 0 = none (set by the control thread). */
    volatile int payloadType;
    /** This participant's RTX packets dropped (its packet thread writes). */
    volatile long dropped;

    RtxFilter() {
        super(SfuMetrics.Stage.RTX_FILTER);
    }

    @Override
    SfuMetrics.StageDrop process(StreamSource s, byte[] buf, int off, int len, long nowNanos) {
        int pt = payloadType;
        if (pt != 0 && (buf[off + 1] & 0x7F) == pt) {
            dropped++;
            return SfuMetrics.StageDrop.RTX;
        }
        return null;
    }
}
