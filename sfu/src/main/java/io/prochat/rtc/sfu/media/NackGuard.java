package io.prochat.rtc.sfu.media;

/**
 * What one receiver's NACKs may cost (issue 11, item 3). A generic NACK (RFC 4585 §6.2.1) names up to 17 packets,
 * and a compound may carry 64 of them: without limits, one small RTCP packet buys more than a megabyte of
 * retransmissions, and a receiver repeating its NACK buys it again. Two limits, per receiver:
 * <ul>
 *   <li>the same packet (SSRC and sequence number) is resent at most once per {@link #REPEAT_NANOS}: a receiver
 *       asking again sooner has not had time to get the first repair (browsers repeat a NACK after about one RTT);</li>
 *   <li>retransmissions spend from a token bucket of {@link #BYTES_PER_SECOND} with a burst of
 *       {@link #BURST_BYTES}.</li>
 * </ul>
 * The recent-resend table is a fixed hash of {@link #SLOTS} entries that a colliding entry overwrites, so it can only
 * forget (allowing a resend), never refuse one it should not. It is allocated at the first retransmission (16 KB that
 * a receiver of audio only, who never NACKs, does not need), and nothing after that.
 *
 * <p>Used on the receiver's packet thread only (where its NACKs arrive).
 */
final class NackGuard {
    /** About one RTT on a good path; a repeat within it is a duplicate. */
    static final long REPEAT_NANOS = 100_000_000L;
    /** 2 Mbit/s of repairs: 20 % loss on a 10 Mbit/s downlink of several streams, far above normal WebRTC loss. */
    static final long BYTES_PER_SECOND = 250_000;
    /** About 40 full-size packets at once: a burst loss of a key frame is repaired in one go. */
    static final long BURST_BYTES = 50_000;
    static final int SLOTS = 1024;

    private long[] keys;
    private long[] times;
    private long tokens = BURST_BYTES;
    private long refilledNanos;
    private boolean started;

    /** Whether packet {@code seq} of {@code ssrc} was resent to this receiver within {@link #REPEAT_NANOS}. */
    boolean recentlyResent(long ssrc, int seq, long nowNanos) {
        long key = key(ssrc, seq);
        if (keys == null) {
            return false;
        }
        int i = slot(key);
        return keys[i] == key && nowNanos - times[i] < REPEAT_NANOS;
    }

    /** Whether the budget allows another retransmission now (it may go one packet below zero). */
    boolean hasBudget(long nowNanos) {
        refill(nowNanos);
        return tokens > 0;
    }

    /** Records a retransmission of {@code bytes}. */
    void resent(long ssrc, int seq, int bytes, long nowNanos) {
        if (keys == null) {
            keys = new long[SLOTS];
            times = new long[SLOTS];
        }
        long key = key(ssrc, seq);
        int i = slot(key);
        keys[i] = key;
        times[i] = nowNanos;
        tokens -= bytes;
    }

    private void refill(long nowNanos) {
        if (!started) {
            started = true;
            refilledNanos = nowNanos;
            return;
        }
        long elapsed = nowNanos - refilledNanos;
        if (elapsed <= 0) {
            return;
        }
        long add = elapsed * BYTES_PER_SECOND / 1_000_000_000L;
        if (add > 0) {
            tokens = Math.min(BURST_BYTES, tokens + add);
            refilledNanos += add * 1_000_000_000L / BYTES_PER_SECOND;
            if (tokens == BURST_BYTES) {
                refilledNanos = nowNanos;
            }
        }
    }

    /** Never 0, so an empty slot matches nothing. */
    private static long key(long ssrc, int seq) {
        return (ssrc << 16 | (seq & 0xFFFF)) + 1;
    }

    private static int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 54) & (SLOTS - 1);
    }
}
