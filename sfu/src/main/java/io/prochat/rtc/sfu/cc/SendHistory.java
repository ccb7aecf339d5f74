package io.prochat.rtc.sfu.cc;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What was sent under each transport-wide sequence number: send time and size, in a fixed ring of
 * {@link #CAPACITY} entries indexed by the number, so recording allocates nothing. Written by whichever thread
 * sends to the receiver, read by the thread that reads its feedback; each entry is published by writing its
 * sequence number last, and a reader that sees the number change under it treats the entry as gone.
 */
final class SendHistory {
    /**
     * Entries kept. Divides 65536. Chromium sends feedback every 50 to 250 ms (more often the more it receives); 1024
     * entries hold 0.6 s of the busiest receiver of a 10-person camera huddle with a screen share (about 1,600 pkt/s)
     * and 10 s of an audio listener. Each receiver pays for it (24 KB with {@code TransportCcSender}'s acknowledged
     * marks; 4096 cost 96 KB, a third of the per-participant budget: docs/benchmarks.md).
     */
    static final int CAPACITY = 1024;
    private static final int MASK = CAPACITY - 1;
    private static final long TIME_LIMIT = (1L << 47) - 1;

    /** The full (unwrapped) sequence number + 1 of each entry; 0 while empty or being rewritten. */
    private final AtomicLongArray seqs = new AtomicLongArray(CAPACITY);
    /** Send time in µs (47 bits) and size in bytes (16 bits). */
    private final AtomicLongArray sent = new AtomicLongArray(CAPACITY);

    void record(long seq, long sendMicros, int size) {
        int i = (int) seq & MASK;
        seqs.set(i, 0);
        sent.set(i, ((sendMicros & TIME_LIMIT) << 16) | (size & 0xFFFF));
        seqs.set(i, seq + 1);
    }

    /**
     * The packet sent under the 16-bit number {@code seq16} among the last {@link #CAPACITY}: its full sequence
     * number, or -1 when no such packet is kept.
     */
    long find(int seq16) {
        long s = seqs.get(seq16 & MASK) - 1;
        return s >= 0 && (s & 0xFFFF) == seq16 ? s : -1;
    }

    /** Send time in µs of the packet {@link #find} returned, or -1 when it was overwritten meanwhile. */
    long sendMicros(long seq) {
        long v = stable(seq);
        return v < 0 ? -1 : v >>> 16;
    }

    /** Size in bytes of the packet {@link #find} returned, or -1 when it was overwritten meanwhile. */
    int size(long seq) {
        long v = stable(seq);
        return v < 0 ? -1 : (int) (v & 0xFFFF);
    }

    private long stable(long seq) {
        int i = (int) seq & MASK;
        if (seqs.get(i) != seq + 1) {
            return -1;
        }
        long v = sent.get(i);
        return seqs.get(i) == seq + 1 ? v : -1;
    }
}
