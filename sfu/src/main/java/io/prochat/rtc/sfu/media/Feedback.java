package io.prochat.rtc.sfu.media;

import io.prochat.rtc.sfu.PacketSender;
import io.prochat.rtc.sfu.rtcp.ReceiverReport;
import io.prochat.rtc.sfu.rtcp.ReportBlock;
import io.prochat.rtc.sfu.rtcp.Remb;

/**
 * What the SFU tells a publisher about its streams, once a second from the control thread: a receiver report per
 * stream (RFC 3550 §6.4.2; the browser's loss-based rate control and RTT need it) and a REMB for its video streams,
 * the lowest estimate among the receivers of those streams, so the sender does not outrun the slowest receiver
 * (rtcd gets the same effect from per-receiver GCC). Before any receiver estimate exists, {@link #DEFAULT_BPS} caps it.
 *
 * <p>Not thread-safe: one instance per control thread. Allocates only its two buffers.
 */
public final class Feedback {
    /** Screen share at rtcd's high layer; camera video stays well under it. */
    public static final long DEFAULT_BPS = 2_500_000L;
    public static final long MIN_BPS = 100_000L;

    private final byte[] buf = new byte[1500];
    private final long[] ssrcs = new long[31];

    /**
     * Sends one compound RR (+ REMB) to {@code publisher} about {@code streams} (at most 31).
     *
     * @param downlink the lowest downlink estimate of the receivers of its video, or 0 for none known
     */
    public boolean report(PacketSender publisher, StreamSource[] streams, long downlink, long nowNanos) {
        int n = Math.min(streams.length, 31);
        int len = ReceiverReport.write(buf, 0, StreamSource.SFU_SSRC, n);
        int videos = 0;
        for (int i = 0; i < n; i++) {
            streams[i].stats().writeBlock(buf, ReceiverReport.BLOCKS_OFFSET + i * ReportBlock.LENGTH, streams[i].ssrc(),
                    nowNanos);
            if (streams[i].isVideo()) {
                ssrcs[videos++] = streams[i].ssrc();
            }
        }
        if (videos > 0) {
            len += Remb.write(buf, len, StreamSource.SFU_SSRC, rembBitrate(downlink), ssrcs, videos);
        }
        return publisher.sendRtcp(buf, 0, len);
    }

    static long rembBitrate(long downlink) {
        return downlink <= 0 ? DEFAULT_BPS : Math.max(MIN_BPS, Math.min(DEFAULT_BPS, downlink));
    }
}
