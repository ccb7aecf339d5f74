package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.SfuMetrics;

/**
 * One named step of the inbound RTP path ({@link MediaPipeline}), with one job. It passes the packet on (returns
 * null) or says why the packet stops here (a {@link SfuMetrics.StageDrop} of its own stage); the pipeline counts
 * either, so a stage never counts itself and every drop takes the same path.
 *
 * <p>The stages after the stream lookup keep no state of their own: what they read and write per stream lives in the
 * {@link StreamSource} (written on the publisher's packet thread only), so one instance of each serves every stream.
 * They run on packet threads, never block, never throw and allocate nothing.
 */
abstract class RtpStage {
    final SfuMetrics.Stage name;

    RtpStage(SfuMetrics.Stage name) {
        this.name = name;
    }

    /**
     * @param s the packet's stream (null before {@link SfuMetrics.Stage#STREAM_LOOKUP})
     * @param buf a decrypted RTP packet at {@code off}, {@code len} bytes, which the stage may rewrite in place
     * @return null to pass the packet on, or why it is dropped
     */
    abstract SfuMetrics.StageDrop process(StreamSource s, byte[] buf, int off, int len, long nowNanos);

    static int sequenceNumber(byte[] buf, int off) {
        return ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return name.label();
    }
}
