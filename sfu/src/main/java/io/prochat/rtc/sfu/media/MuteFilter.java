package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.SfuMetrics;

/**
 * Drops the packets of a muted stream before any receiver sees them (rtcd drops muted voice the same way), and
 * moves the stream's sequence offset on by one for each, so that {@link Renumber} leaves receivers no gap to NACK.
 */
final class MuteFilter extends RtpStage {
    MuteFilter() {
        super(SfuMetrics.Stage.MUTE_FILTER);
    }

    @Override
    SfuMetrics.StageDrop process(StreamSource s, byte[] buf, int off, int len, long nowNanos) {
        if (s.muted) {
            s.seqOffset++; // the receivers never learn this packet existed
            return SfuMetrics.StageDrop.MUTED;
        }
        return null;
    }
}
