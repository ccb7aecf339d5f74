package io.prochat.rtc.sfu.cc;

/**
 * One receiver's send-side bandwidth estimate: the lower of the delay-based ({@link DelayBasedEstimator} +
 * {@link RateController}) and the loss-based ({@link LossBasedEstimator}) rates, updated per transport-cc feedback.
 * Also measures the acknowledged rate (bytes the receiver reported, over its arrival clock), which the rate
 * controller cuts from.
 *
 * <p>Fed on the thread that reads the receiver's feedback; {@link #estimate()} may be read from any thread.
 */
public final class BandwidthEstimator {
    /** Where a new receiver starts: the low layer of a screen share fits, and a camera at a usable quality. */
    public static final long INITIAL_BPS = 1_000_000;
    public static final long MIN_BPS = 100_000;
    /** rtcd's ceiling (3.75 Mbit/s) rounded up: the high layer of a screen share with room to spare. */
    public static final long MAX_BPS = 5_000_000;
    private static final long ACKED_WINDOW_MICROS = 500_000;
    /**
     * What arrived in the last 100 ms, unsmoothed: a cut is made from the higher of it and the acknowledged rate. The
     * smoothed rate alone lags a second behind a switch up, so a receiver moved to the high layer into a 300 kbit/s
     * path was cut from the low layer's rate of a second before, to a third of its path (issue 14).
     */
    private static final long RECENT_WINDOW_MICROS = 100_000;

    /** A probe that raised the estimate by less than this factor found the path's capacity: probing rests. */
    static final double PROBE_GAIN = 1.2;

    private final DelayBasedEstimator delay = new DelayBasedEstimator();
    private final RateController aimd;
    private final LossBasedEstimator loss;
    private volatile long estimate;
    /** The last probe result that found anything, in bit/s (0 before one), and whether any probe was judged. */
    private volatile long confirmed;
    private volatile boolean judged;
    private volatile long feedbacks;
    // acknowledged rate, over windows of the receiver's arrival clock
    private long windowStart = Long.MIN_VALUE;
    private long windowBytes;
    private long acked;
    private long recentStart = Long.MIN_VALUE;
    private long recentBytes;
    private long recent;
    // one feedback's tally
    private int lost;
    private int reported;

    public BandwidthEstimator() {
        this(INITIAL_BPS, MIN_BPS, MAX_BPS);
    }

    public BandwidthEstimator(long initial, long min, long max) {
        this.aimd = new RateController(initial, min, max);
        this.loss = new LossBasedEstimator(initial, min, max);
        this.estimate = initial;
    }

    /** One packet of a feedback, in the feedback's order: {@code arrivalMicros} &lt; 0 when reported lost. */
    public void onPacket(long sendMicros, long arrivalMicros, int size) {
        reported++;
        if (arrivalMicros < 0) {
            lost++;
            return;
        }
        delay.onPacket(sendMicros, arrivalMicros);
        if (windowStart == Long.MIN_VALUE || arrivalMicros < windowStart) {
            windowStart = arrivalMicros;
            windowBytes = 0;
        }
        windowBytes += size;
        if (recentStart == Long.MIN_VALUE || arrivalMicros < recentStart) {
            recentStart = arrivalMicros;
            recentBytes = 0;
        }
        recentBytes += size;
        if (arrivalMicros - recentStart >= RECENT_WINDOW_MICROS) {
            recent = recentBytes * 8 * 1_000_000 / (arrivalMicros - recentStart);
            recentStart = arrivalMicros;
            recentBytes = 0;
        }
        long span = arrivalMicros - windowStart;
        if (span >= ACKED_WINDOW_MICROS) {
            long rate = windowBytes * 8 * 1_000_000 / span;
            acked = acked == 0 ? rate : (acked + rate) / 2;
            windowStart = arrivalMicros;
            windowBytes = 0;
        }
    }

    /** The end of one feedback: the estimate is updated from what it reported. */
    public void onFeedbackEnd(long nowMicros) {
        long d = aimd.update(delay.usage(), acked, Math.max(acked, recent), nowMicros);
        long l = loss.update(lost, reported, estimate, nowMicros);
        lost = 0;
        reported = 0;
        estimate = Math.min(d, l);
        feedbacks++;
    }

    /**
     * A probe's result ({@link Prober}): what the path was seen to take, in bit/s, or -1 when it found nothing. An
     * estimate below it is raised to it, both the delay- and the loss-based one (the probe is the evidence neither
     * could gather while the SFU held back); an estimate at or above it comes down to what the path has shown. Returns
     * whether it found at least {@link #PROBE_GAIN} times the estimate, i.e. whether probing further is worth it.
     */
    public boolean probed(long resultBps) {
        judged = true;
        if (resultBps > 0) {
            confirmed = resultBps;
        }
        long before = estimate;
        if (resultBps <= before) {
            // no room above the estimate: what it holds beyond what the path has shown (the last probe's result, or
            // 1.5 times what was acknowledged) is a guess, such as the starting one, and comes down
            long shown = Math.max(confirmed, RateController.ackedBound(acked));
            if (before > shown) {
                aimd.lowerTo(shown);
                loss.lowerTo(shown);
                estimate = Math.min(aimd.estimate(), loss.rate());
            }
            return false;
        }
        aimd.raiseTo(resultBps);
        loss.raiseTo(resultBps);
        estimate = Math.min(aimd.estimate(), loss.rate());
        return estimate >= before * PROBE_GAIN;
    }

    /**
     * What the layer choice and the publishers' REMB may count on, in bit/s, for a receiver that can be probed: the
     * estimate once a probe has been judged; before that, no more than 1.5 times what the receiver was acknowledged
     * (plus 10 kbit/s). The estimate starts at a guess ({@link #INITIAL_BPS}); counted as it was, a new receiver on a
     * 300 kbit/s path was moved to a screen share's high layer before anything had measured the path, and froze.
     */
    public long usableBps() {
        return judged ? estimate : Math.min(estimate, RateController.ackedBound(acked));
    }

    /** The estimate in bit/s. */
    public long estimate() {
        return estimate;
    }

    /** Whether any feedback has been read (before that the estimate is only the starting guess). */
    public boolean hasFeedback() {
        return feedbacks > 0;
    }

    public long feedbacks() {
        return feedbacks;
    }

    /** The acknowledged rate in bit/s, 0 until one window was seen. */
    public long ackedBps() {
        return acked;
    }

    public DelayBasedEstimator.Usage usage() {
        return delay.usage();
    }

    public double lastLoss() {
        return loss.lastLoss();
    }
}
