package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.SfuMetrics;

/**
 * Records each packet's sequence number in its stream's {@link ReceiveStats}, before anything can drop it: the
 * receiver reports the SFU sends the publisher count what arrived, muted or not.
 */
final class ReceptionStats extends RtpStage {
    ReceptionStats() {
        super(SfuMetrics.Stage.RECEPTION_STATS);
    }

    @Override
    SfuMetrics.StageDrop process(StreamSource s, byte[] buf, int off, int len, long nowNanos) {
        s.stats.onPacket(sequenceNumber(buf, off), nowNanos);
        return null;
    }
}
