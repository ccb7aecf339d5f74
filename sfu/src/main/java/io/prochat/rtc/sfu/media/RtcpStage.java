package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.SfuMetrics;

/**
 * One named handler of the inbound RTCP path ({@link MediaPipeline}): it takes the packets of a compound of its type
 * and acts on them (passes) or says why not (a {@link SfuMetrics.StageDrop} of its own stage); the pipeline counts
 * either. One set per participant, on its packet thread; no allocation.
 */
abstract class RtcpStage {
    final SfuMetrics.Stage name;

    RtcpStage(SfuMetrics.Stage name) {
        this.name = name;
    }

    /** Whether this stage handles RTCP packets of {@code type} (RFC 3550 §12.1) with this count/format field. */
    abstract boolean takes(int type, int fmt);

    /**
     * @param from the transport of the participant that sent the compound (where resends go)
     * @param at where the packet starts in {@code buf}; {@code len} its length, which the compound reader checked
     * @param m where side counters go (NACK refusals), or null
     * @return null when acted on, or why not
     */
    abstract SfuMetrics.StageDrop process(RtcpReaders r, PacketSender from, byte[] buf, int at, int len, long nowNanos,
            SfuMetrics m);

    static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return name.label();
    }
}
