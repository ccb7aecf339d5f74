package io.prochat.rtc.sfu.load;

import java.util.HashMap;
import java.util.Map;

import io.prochat.rtc.sfu.room.SyntheticPeer;

/**
 * What one synthetic receiver got while measuring: per SSRC, packets received against the span of sequence numbers
 * seen (RFC 3550 §A.3's expected count: the SFU rewrites sequence numbers by a constant offset, so a gap is a lost
 * packet, on the way in or out), and the one-way delay from the RTP timestamp, which the publisher set from the
 * shared clock at send time and the SFU forwards unchanged.
 */
final class ReceiveLedger implements SyntheticPeer.RtpTap {
    private final MediaClock clock;
    private final Map<Long, Stream> streams = new HashMap<>();
    private final LatencyHistogram latency = new LatencyHistogram();
    private boolean measuring;

    ReceiveLedger(MediaClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void onRtp(byte[] b, int len, long nowNanos) {
        if (!measuring || len < 12) {
            return;
        }
        long ssrc = ((b[8] & 0xFFL) << 24) | ((b[9] & 0xFF) << 16) | ((b[10] & 0xFF) << 8) | (b[11] & 0xFF);
        int seq = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        long ts = ((b[4] & 0xFFL) << 24) | ((b[5] & 0xFF) << 16) | ((b[6] & 0xFF) << 8) | (b[7] & 0xFF);
        streams.computeIfAbsent(ssrc, k -> new Stream()).onPacket(seq);
        latency.record(nowNanos - clock.sentNanos(b[1] & 0x7F, ts));
    }

    /** Counting starts now, from the next packet of each stream. */
    synchronized void start() {
        streams.clear();
        measuring = true;
    }

    synchronized void stop() {
        measuring = false;
    }

    synchronized long received() {
        return streams.values().stream().mapToLong(s -> s.received).sum();
    }

    synchronized long expected() {
        return streams.values().stream().mapToLong(s -> s.highest - s.first + 1).sum();
    }

    synchronized void addLatencyTo(LatencyHistogram sum) {
        latency.addTo(sum);
    }

    /** Extended sequence numbers of one stream: first seen, highest seen, count. */
    private static final class Stream {
        long first = -1;
        long highest;
        long received;

        void onPacket(int seq) {
            received++;
            if (first < 0) {
                first = seq;
                highest = seq;
                return;
            }
            long ext = highest + (short) (seq - (int) (highest & 0xFFFF)); // nearest to the highest, across wraps
            if (ext > highest) {
                highest = ext;
            }
        }
    }
}
