package io.prochat.rtc.sfu.cc;

/**
 * A token bucket that keeps what a receiver is sent near its estimate: tokens flow in at {@link #HEADROOM} times the
 * rate and the bucket holds {@link #DEPTH_MICROS} of it, enough for a key frame of the layer the estimate chose (with half a
 * second at 1.5 times, the key frame of a switch up to 1280×720 was cut, and the receiver stalled 2.2 s).
 * Audio always passes (and spends tokens); video beyond the budget is dropped, so a burst the receiver's path cannot
 * take is not sent into it, and since the layer choice follows the same estimate, it is the high layer that stops
 * fitting first. Not a pacer with a queue: nothing waits, nothing is held; a short synchronized section per packet,
 * no allocation. Off (everything passes) while the rate is 0.
 */
public final class SendBudget {
    static final double HEADROOM = 2.0;
    static final long DEPTH_MICROS = 1_000_000;

    private long rateBps;
    private long tokensBits;
    private long lastNanos = Long.MIN_VALUE;

    /** The estimate the budget follows, in bit/s; 0 turns it off. */
    public synchronized void rate(long estimateBps) {
        this.rateBps = (long) (estimateBps * HEADROOM);
    }

    /** Whether a packet of {@code bytes} may go now; {@code droppable} false always passes. */
    public synchronized boolean admit(int bytes, boolean droppable, long nowNanos) {
        long rate = rateBps;
        if (rate <= 0) {
            return true;
        }
        long depth = rate * DEPTH_MICROS / 1_000_000;
        if (lastNanos == Long.MIN_VALUE) {
            tokensBits = depth;
        } else if (nowNanos > lastNanos) {
            long elapsed = Math.min(nowNanos - lastNanos, 10_000_000_000L);
            tokensBits = Math.min(depth, tokensBits + rate * elapsed / 1_000_000_000L);
        }
        lastNanos = Math.max(lastNanos, nowNanos);
        long bits = bytes * 8L;
        if (droppable && tokensBits < bits) {
            return false;
        }
        tokensBits = Math.max(tokensBits - bits, -depth); // audio may overdraw, within one depth
        return true;
    }
}
