package io.prochat.rtc.sfu.srtp;

/**
 * RFC 3711 §3.3.2 replay protection: the highest packet index authenticated so far and a 64-bit map of the indices
 * just below it. {@link #isFresh} is asked before the tag is checked; {@link #accept} is called only after it
 * verified, so a forged packet cannot move the window.
 */
final class ReplayWindow {
    static final int SIZE = 64;

    private long highest = -1;
    /** Bit {@code i} set: index {@code highest - i} was received. */
    private long seen;

    void reset() {
        highest = -1;
        seen = 0;
    }

    boolean isFresh(long index) {
        if (index < 0) {
            return false;
        }
        if (highest < 0 || index > highest) {
            return true;
        }
        long behind = highest - index;
        return behind < SIZE && (seen & (1L << behind)) == 0;
    }

    void accept(long index) {
        if (highest < 0) {
            highest = index;
            seen = 1;
        } else if (index > highest) {
            long ahead = index - highest;
            seen = ahead >= SIZE ? 1 : (seen << ahead) | 1;
            highest = index;
        } else {
            seen |= 1L << (highest - index);
        }
    }
}
