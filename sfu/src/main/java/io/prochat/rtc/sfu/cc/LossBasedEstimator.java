package io.prochat.rtc.sfu.cc;

/**
 * GCC's loss-based controller (draft-ietf-rmcat-gcc-02 §6): over windows of at least {@link #MIN_PACKETS} reported
 * packets and {@link #MIN_WINDOW_MICROS}, more than 10 % lost cuts the rate by half the loss fraction, less than 2 %
 * lets it grow by 8 % a second of the window (libwebrtc's rate; the draft's 5 % per report, with windows as long
 * as 20 packets of a 130 kbit/s low layer take, held the whole estimate to 5 % a second, issue 14), and in between
 * it holds (losses a link has anyway, not congestion). The delay-based estimate
 * usually reacts first; this one catches links that drop instead of queueing (policers, shallow buffers).
 *
 * <p>One instance per receiver, on the thread that reads its feedback.
 */
public final class LossBasedEstimator {
    static final int MIN_PACKETS = 20;
    static final long MIN_WINDOW_MICROS = 500_000;

    private final long min;
    private final long max;
    private long rate;
    private int lost;
    private int total;
    private long windowStart = -1;
    private double lastLoss;

    public LossBasedEstimator(long initial, long min, long max) {
        this.rate = initial;
        this.min = min;
        this.max = max;
    }

    /**
     * One feedback's count of packets reported lost among {@code reported}; {@code current} is the estimate now in
     * force (a cut starts from it, so the loss rate is never cut from above what is actually used).
     */
    public long update(int lostPackets, int reported, long current, long nowMicros) {
        if (windowStart < 0) {
            windowStart = nowMicros;
        }
        lost += lostPackets;
        total += reported;
        if (total < MIN_PACKETS || nowMicros - windowStart < MIN_WINDOW_MICROS) {
            return rate;
        }
        double loss = (double) lost / total;
        lastLoss = loss;
        if (loss > 0.10) {
            rate = (long) (Math.min(rate, current) * (1 - 0.5 * loss));
        } else if (loss < 0.02) {
            double seconds = Math.min(nowMicros - windowStart, 1_000_000) / 1e6;
            rate = (long) (rate * Math.pow(1.08, seconds));
        }
        rate = Math.max(min, Math.min(max, rate));
        lost = 0;
        total = 0;
        windowStart = nowMicros;
        return rate;
    }

    /** A probe saw the path take {@code bps}: the rate starts from there (never above the maximum). */
    public void raiseTo(long bps) {
        rate = Math.max(rate, Math.min(max, bps));
    }

    /** A probe found no room above {@code bps}: the rate, if above, comes down to it (never below the minimum). */
    public void lowerTo(long bps) {
        rate = Math.max(min, Math.min(rate, bps));
    }

    public long rate() {
        return rate;
    }

    /** The loss fraction of the last complete window. */
    public double lastLoss() {
        return lastLoss;
    }
}
