package io.prochat.rtc.sfu.cc;

/**
 * AIMD on the delay signal (draft-ietf-rmcat-gcc-02 §5.5): over-use cuts the estimate to {@link #BETA} of what the
 * receiver was acknowledged to get; normal use grows it, by 8 % a second while far from the rate of the last cuts,
 * by about a packet per response time when near it (the path's capacity is probably there); under-use holds it while
 * queues drain.
 *
 * <p>GCC never lets the estimate exceed 1.5 times the acknowledged rate, because a sender that does not use what it
 * is given learns nothing about more. An SFU is such a sender by its own choice: it sends a receiver the low layer
 * because the estimate is low, so the cap would keep the estimate low for good (what happened with receivers' REMB,
 * issue 14). Here the cap applies only while the receiver is sent close to its estimate; when the SFU holds back,
 * the estimate keeps growing on a steady delay, and switching up is the probe: if the higher layer does not fit, the
 * delay rises and the estimate falls back (the layer choice has hysteresis and a back-off for that).
 *
 * <p>One instance per receiver, on the thread that reads its feedback.
 */
public final class RateController {
    static final double BETA = 0.85;
    private static final double GROWTH_PER_SECOND = 1.08;
    /** Two cuts this close together are one congestion event. */
    private static final long MIN_DECREASE_INTERVAL_MICROS = 300_000;

    private enum State { HOLD, INCREASE, DECREASE }

    private final long min;
    private final long max;
    private long estimate;
    private State state = State.INCREASE;
    private long lastUpdate = -1;
    private long lastDecrease = Long.MIN_VALUE / 2;
    // the acknowledged rates at the last cuts (kbit/s): mean, and variance normalised by the mean
    private double decreaseMean = -1;
    private double decreaseVar = 0.4;

    public RateController(long initial, long min, long max) {
        this.min = min;
        this.max = max;
        this.estimate = initial;
    }

    public long estimate() {
        return estimate;
    }

    /** A probe saw the path take {@code bps}: the estimate starts from there (never above the maximum). */
    public void raiseTo(long bps) {
        estimate = Math.max(estimate, Math.min(max, bps));
    }

    /** A probe found no room above {@code bps}: the estimate, if above, comes down to it (never below the minimum). */
    public void lowerTo(long bps) {
        estimate = Math.max(min, Math.min(estimate, bps));
    }

    /**
     * One feedback's verdict.
     *
     * @param acked what the receiver was acknowledged to get lately in bit/s (0 while unknown)
     * @param cutFrom what a cut is made from: the acknowledged rate, or what arrived just now when that is higher
     * @param nowMicros our clock
     */
    public long update(DelayBasedEstimator.Usage usage, long acked, long cutFrom, long nowMicros) {
        switch (usage) {
            case OVERUSING -> state = State.DECREASE;
            case UNDERUSING -> state = State.HOLD;
            default -> state = state == State.HOLD || state == State.INCREASE ? State.INCREASE : State.HOLD;
        }
        long dt = lastUpdate < 0 ? 0 : Math.min(nowMicros - lastUpdate, 1_000_000);
        lastUpdate = nowMicros;
        if (state == State.INCREASE) {
            estimate = increase(acked, dt);
        } else if (state == State.DECREASE) {
            if (nowMicros - lastDecrease >= MIN_DECREASE_INTERVAL_MICROS) {
                estimate = decrease(cutFrom);
                lastDecrease = nowMicros;
            }
            state = State.HOLD;
        }
        estimate = Math.max(min, Math.min(max, estimate));
        return estimate;
    }

    private long increase(long acked, long dtMicros) {
        long next;
        if (nearLastCuts(acked)) {
            // about one packet of the current rate at 30 frames per second, per 100 ms response time
            double bitsPerFrame = estimate / 30.0;
            double packetsPerFrame = Math.ceil(bitsPerFrame / (1200 * 8));
            double packetBits = bitsPerFrame / packetsPerFrame;
            next = estimate + (long) Math.max(1000, packetBits * dtMicros / 100_000.0 * 0.5);
        } else {
            next = (long) (estimate * Math.pow(GROWTH_PER_SECOND, dtMicros / 1e6));
        }
        long cap = ackedBound(acked);
        if (acked > 0 && cap >= estimate && next > cap) {
            next = cap; // sent close to the estimate: grow only as far as what was acknowledged supports
        }
        return next;
    }

    /** GCC's bound on an estimate from what a receiver was acknowledged to get: 1.5 times it, plus 10 kbit/s. */
    static long ackedBound(long acked) {
        return acked * 3 / 2 + 10_000;
    }

    private boolean nearLastCuts(long acked) {
        if (decreaseMean < 0 || acked <= 0) {
            return false;
        }
        double kbps = acked / 1000.0;
        double sd = Math.sqrt(decreaseVar * decreaseMean);
        return kbps > decreaseMean - 3 * sd && kbps < decreaseMean + 3 * sd;
    }

    private long decrease(long acked) {
        long base = acked > 0 ? acked : estimate;
        long next = (long) (BETA * base);
        if (next > estimate) {
            next = estimate; // a cut never raises it (the acknowledged rate can lag above a fresh estimate)
        }
        double a = base / 1000.0; // kbit/s: the variance bounds below are in those units
        if (decreaseMean < 0) {
            decreaseMean = a;
        } else {
            decreaseMean = 0.95 * decreaseMean + 0.05 * a;
        }
        double err = decreaseMean - a;
        decreaseVar = 0.95 * decreaseVar + 0.05 * err * err / Math.max(decreaseMean, 1);
        decreaseVar = Math.max(0.4, Math.min(2.5, decreaseVar));
        return next;
    }
}
