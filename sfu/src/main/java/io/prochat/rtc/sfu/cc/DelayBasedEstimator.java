package io.prochat.rtc.sfu.cc;

/**
 * Is the path to the receiver queueing up? GCC's delay-based detector (draft-ietf-rmcat-gcc-02 §5): packets sent
 * within {@link #BURST_MICROS} of each other form a group; for consecutive groups the difference between how far
 * apart they arrived and how far apart they were sent is the growth of the one-way delay. Those differences are
 * accumulated and smoothed, and the slope of the smoothed delay over the last {@link #WINDOW} groups (a least-squares
 * line, libwebrtc's "trendline") is compared with a threshold that adapts to the path (§5.4: it rises slowly toward
 * large swings, so a jittery path is not read as congested, and falls back quickly). Over the threshold for more than
 * {@link #OVERUSE_MICROS} while still rising is over-use; under minus the threshold is under-use (queues draining).
 *
 * <p>One instance per receiver, fed on the thread that reads its feedback; allocates nothing.
 */
public final class DelayBasedEstimator {
    /** What the delay says about the path. */
    public enum Usage { NORMAL, OVERUSING, UNDERUSING }

    /** Packets sent this close together are one group (a frame's packets leave together). */
    static final long BURST_MICROS = 5_000;
    /** Groups the slope is fitted over. */
    static final int WINDOW = 20;
    private static final double SMOOTHING = 0.9;
    /** The slope is scaled by the number of deltas seen (at most this many) and by the gain, as in libwebrtc. */
    private static final int MAX_DELTAS = 60;
    private static final double GAIN = 4;
    private static final double OVERUSE_MICROS = 10_000;
    static final double INITIAL_THRESHOLD = 12.5;
    private static final double MIN_THRESHOLD = 6;
    private static final double MAX_THRESHOLD = 600;
    /** The threshold rises this fast toward larger trends (per ms), and falls this fast toward smaller ones. */
    private static final double K_UP = 0.0087;
    private static final double K_DOWN = 0.039;

    // the group being filled, and the one before it
    private long firstSend = -1;
    private long lastSend;
    private long lastArrival;
    private boolean havePrevious;
    private long previousSend;
    private long previousArrival;

    // trendline
    private final double[] times = new double[WINDOW];
    private final double[] delays = new double[WINDOW];
    private int filled;
    private int head;
    private long firstArrival = -1;
    private double accumulated;
    private double smoothed;
    private int deltas;

    // detector
    private double threshold = INITIAL_THRESHOLD;
    private long lastThresholdUpdate = -1;
    private double timeOverusing = -1;
    private int overuseCount;
    private double previousTrend;
    private double trend;
    private Usage usage = Usage.NORMAL;

    /** One acknowledged packet, in the order of the feedback (send times on our clock, arrivals on the receiver's). */
    public void onPacket(long sendMicros, long arrivalMicros) {
        if (firstSend < 0) {
            startGroup(sendMicros, arrivalMicros);
            return;
        }
        if (sendMicros < firstSend) {
            return; // reordered from an earlier group: it says nothing about this one
        }
        if (sendMicros - firstSend <= BURST_MICROS) {
            lastSend = Math.max(lastSend, sendMicros);
            lastArrival = Math.max(lastArrival, arrivalMicros);
            return;
        }
        if (havePrevious) {
            double sendDelta = (lastSend - previousSend) / 1000.0;
            double arrivalDelta = (lastArrival - previousArrival) / 1000.0;
            update(arrivalDelta - sendDelta, lastArrival / 1000.0, sendDelta);
        }
        havePrevious = true;
        previousSend = lastSend;
        previousArrival = lastArrival;
        startGroup(sendMicros, arrivalMicros);
    }

    private void startGroup(long sendMicros, long arrivalMicros) {
        firstSend = sendMicros;
        lastSend = sendMicros;
        lastArrival = arrivalMicros;
    }

    /** The current signal. */
    public Usage usage() {
        return usage;
    }

    /** The scaled slope last compared with the threshold (diagnostics, tests). */
    public double trend() {
        return trend;
    }

    public double threshold() {
        return threshold;
    }

    private void update(double delayMs, double arrivalMs, double sendDeltaMs) {
        deltas = Math.min(deltas + 1, 1000);
        if (firstArrival < 0) {
            firstArrival = (long) arrivalMs;
        }
        accumulated += delayMs;
        smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * accumulated;
        times[head] = arrivalMs - firstArrival;
        delays[head] = smoothed;
        head = (head + 1) % WINDOW;
        if (filled < WINDOW) {
            filled++;
        }
        if (filled == WINDOW) {
            double slope = slope();
            if (!Double.isNaN(slope)) {
                detect(Math.min(deltas, MAX_DELTAS) * slope * GAIN, sendDeltaMs, (long) arrivalMs);
            }
        }
    }

    /** Least-squares slope of delay over time in the window; NaN when all times are equal. */
    private double slope() {
        double meanT = 0;
        double meanD = 0;
        for (int i = 0; i < WINDOW; i++) {
            meanT += times[i];
            meanD += delays[i];
        }
        meanT /= WINDOW;
        meanD /= WINDOW;
        double num = 0;
        double den = 0;
        for (int i = 0; i < WINDOW; i++) {
            num += (times[i] - meanT) * (delays[i] - meanD);
            den += (times[i] - meanT) * (times[i] - meanT);
        }
        return den == 0 ? Double.NaN : num / den;
    }

    private void detect(double modified, double sendDeltaMs, long nowMs) {
        trend = modified;
        if (modified > threshold) {
            timeOverusing = timeOverusing < 0 ? sendDeltaMs / 2 : timeOverusing + sendDeltaMs;
            overuseCount++;
            if (timeOverusing * 1000 > OVERUSE_MICROS && overuseCount > 1 && modified >= previousTrend) {
                timeOverusing = 0;
                overuseCount = 0;
                usage = Usage.OVERUSING;
            }
        } else if (modified < -threshold) {
            timeOverusing = -1;
            overuseCount = 0;
            usage = Usage.UNDERUSING;
        } else {
            timeOverusing = -1;
            overuseCount = 0;
            usage = Usage.NORMAL;
        }
        previousTrend = modified;
        adaptThreshold(modified, nowMs);
    }

    private void adaptThreshold(double modified, long nowMs) {
        if (lastThresholdUpdate < 0) {
            lastThresholdUpdate = nowMs;
        }
        double magnitude = Math.abs(modified);
        if (magnitude > threshold + 15) {
            lastThresholdUpdate = nowMs; // a spike (a route change, a burst): not the path's normal swing
            return;
        }
        double k = magnitude < threshold ? K_DOWN : K_UP;
        long dt = Math.min(Math.max(nowMs - lastThresholdUpdate, 0), 100);
        threshold += k * (magnitude - threshold) * dt;
        threshold = Math.max(MIN_THRESHOLD, Math.min(MAX_THRESHOLD, threshold));
        lastThresholdUpdate = nowMs;
    }
}
