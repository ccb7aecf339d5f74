package io.prochat.rtc.sfu.cc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What was sent under each transport-wide sequence number: send time and size, in a ring indexed by the number, so
 * recording allocates nothing in steady state. Written by whichever thread sends to the receiver, read by the
 * thread that reads its feedback; each entry is published by writing its sequence number last, and a reader that
 * sees the number change under it treats the entry as gone.
 *
 * <p>The ring is sized by need: it starts at the first packet with {@link #INITIAL_CAPACITY} entries and doubles, up to
 * {@link #MAX_CAPACITY}, when an entry is overwritten less than {@link #GROW_BELOW_MICROS} after it was sent, i.e.
 * when it would not hold a feedback interval's worth of packets. Chromium sends feedback every 50 to 250 ms (more
 * often the more it receives): 256 entries hold 2.5 s of an audio listener (100 pkt/s, which never grows), 1024
 * hold 0.6 s of the busiest receiver of a 10-person camera huddle with a screen share (about 1,600 pkt/s). Each
 * receiver pays 24 B per entry: 6 KB for a listener instead of the 24 KB a fixed 1024 cost (docs/benchmarks.md,
 * memory per participant). A packet recorded into the old ring while another thread grows it is lost to the history:
 * its feedback is skipped, as for a packet sent too long ago.
 */
final class SendHistory {
    static final int INITIAL_CAPACITY = 256;
    static final int MAX_CAPACITY = 1024;
    /** An entry younger than this being overwritten means the ring is too small for the feedback interval. */
    static final long GROW_BELOW_MICROS = 1_000_000;
    private static final long TIME_LIMIT = (1L << 47) - 1;
    /** Sizes take 15 bits (a datagram is at most 1500 bytes); the 16th marks a probe's padding. */
    private static final int SIZE_MASK = 0x7FFF;
    private static final int PROBE_BIT = 0x8000;
    private static final VarHandle RING;

    static {
        try {
            RING = MethodHandles.lookup().findVarHandle(SendHistory.class, "ring", Ring.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One ring; {@code acknowledged} belongs to the feedback thread. */
    private static final class Ring {
        final int mask;
        /** The full (unwrapped) sequence number + 1 of each entry; 0 while empty or being rewritten. */
        final AtomicLongArray seqs;
        /** Send time in µs (47 bits), a probe flag and size in bytes (15 bits). */
        final AtomicLongArray sent;
        /** Per entry: full sequence number + 1 of a packet already reported received (counted once). */
        final long[] acknowledged;

        Ring(int capacity) {
            mask = capacity - 1;
            seqs = new AtomicLongArray(capacity);
            sent = new AtomicLongArray(capacity);
            acknowledged = new long[capacity];
        }
    }

    /** Until the first packet: a receiver that is never sent a numbered packet (audio alone) holds no ring. */
    private static final Ring NONE = new Ring(1);
    private volatile Ring ring = NONE;

    void record(long seq, long sendMicros, int size) {
        record(seq, sendMicros, size, false);
    }

    /** As {@link #record(long, long, int)}; {@code probe} marks a padding packet of a bandwidth probe. */
    void record(long seq, long sendMicros, int size, boolean probe) {
        Ring r = ring;
        if (r == NONE) {
            Ring first = new Ring(INITIAL_CAPACITY);
            r = RING.compareAndSet(this, NONE, first) ? first : ring;
        }
        int i = (int) seq & r.mask;
        long previous = r.seqs.get(i);
        if (previous != 0 && r.mask + 1 < MAX_CAPACITY
                && sendMicros - (r.sent.get(i) >>> 16) < GROW_BELOW_MICROS) {
            r = grow(r);
            i = (int) seq & r.mask;
        }
        r.seqs.set(i, 0);
        r.sent.set(i, ((sendMicros & TIME_LIMIT) << 16) | (size & SIZE_MASK) | (probe ? PROBE_BIT : 0));
        r.seqs.set(i, seq + 1);
    }

    /** Twice the entries, the old ones copied over; returns the ring in use afterwards (ours or a racing thread's). */
    private Ring grow(Ring old) {
        Ring bigger = new Ring(2 * (old.mask + 1));
        for (int i = 0; i <= old.mask; i++) {
            long s = old.seqs.get(i);
            if (s != 0) {
                int j = (int) (s - 1) & bigger.mask;
                bigger.sent.set(j, old.sent.get(i));
                bigger.seqs.set(j, s);
                bigger.acknowledged[j] = old.acknowledged[i];
            }
        }
        return RING.compareAndSet(this, old, bigger) ? bigger : ring;
    }

    /** Entries the ring holds now (0 before the first packet). */
    int capacity() {
        Ring r = ring;
        return r == NONE ? 0 : r.mask + 1;
    }

    /**
     * The packet sent under the 16-bit number {@code seq16} among those kept: its full sequence number, or -1 when no
     * such packet is kept.
     */
    long find(int seq16) {
        Ring r = ring;
        long s = r.seqs.get(seq16 & r.mask) - 1;
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
        return v < 0 ? -1 : (int) (v & SIZE_MASK);
    }

    /** Whether the packet {@link #find} returned was a probe's padding (false when it was overwritten meanwhile). */
    boolean probe(long seq) {
        long v = stable(seq);
        return v >= 0 && (v & PROBE_BIT) != 0;
    }

    /** Feedback thread only: marks {@code seq} reported received, so a later feedback repeating it is not counted. */
    void acknowledge(long seq) {
        Ring r = ring;
        r.acknowledged[(int) seq & r.mask] = seq + 1;
    }

    /** Feedback thread only: whether {@code seq} was already reported received. */
    boolean acknowledged(long seq) {
        Ring r = ring;
        return r.acknowledged[(int) seq & r.mask] == seq + 1;
    }

    private long stable(long seq) {
        Ring r = ring;
        int i = (int) seq & r.mask;
        if (r.seqs.get(i) != seq + 1) {
            return -1;
        }
        long v = r.sent.get(i);
        return r.seqs.get(i) == seq + 1 ? v : -1;
    }
}
