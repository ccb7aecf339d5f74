package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.SfuMetrics;

/**
 * Rewrites the sequence number by the stream's one offset (the same for every receiver), which {@link MuteFilter}
 * grows for each packet dropped on purpose: receivers see no gap. SSRC and timestamp go on unchanged.
 */
final class Renumber extends RtpStage {
    Renumber() {
        super(SfuMetrics.Stage.RENUMBER);
    }

    @Override
    SfuMetrics.StageDrop process(StreamSource s, byte[] buf, int off, int len, long nowNanos) {
        int out = (sequenceNumber(buf, off) - s.seqOffset) & 0xFFFF;
        buf[off + 2] = (byte) (out >>> 8);
        buf[off + 3] = (byte) out;
        return null;
    }
}
