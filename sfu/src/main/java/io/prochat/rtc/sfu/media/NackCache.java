package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.SfuMetrics;

/**
 * Keeps a copy of each video packet as receivers get it (renumbered, before encryption) in its stream's
 * {@link PacketCache}, so NACKs are answered without asking the publisher. Audio has no cache (Opus FEC).
 */
final class NackCache extends RtpStage {
    NackCache() {
        super(SfuMetrics.Stage.NACK_CACHE);
    }

    @Override
    SfuMetrics.StageDrop process(StreamSource s, byte[] buf, int off, int len, long nowNanos) {
        PacketCache c = s.cache;
        if (c != null) {
            c.put(buf, off, len, sequenceNumber(buf, off));
        }
        return null;
    }
}
