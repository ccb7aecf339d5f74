package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.SfuMetrics;

/**
 * Counts the bytes each stream forwards and when its last packet came, whether anyone receives it or not: a
 * {@link SimulcastGroup} picks layers by their measured rate and by whether they flow.
 */
final class FlowMeter extends RtpStage {
    FlowMeter() {
        super(SfuMetrics.Stage.FLOW_METER);
    }

    @Override
    SfuMetrics.StageDrop process(StreamSource s, byte[] buf, int off, int len, long nowNanos) {
        s.bytes += len;
        s.lastPacketNanos = nowNanos;
        return null;
    }
}
