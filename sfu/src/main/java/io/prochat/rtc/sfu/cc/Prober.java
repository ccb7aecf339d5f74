package io.prochat.rtc.sfu.cc;

/**
 * Bandwidth probing toward one receiver. An SFU sends a receiver only what its layer choice allows, so the estimate
 * can only learn of more room by sending more: a probe is a short cluster of padding ({@link #CLUSTER_MICROS}, at
 * least {@link #MIN_PACKETS} packets) paced at twice the estimate, and its result is what the receiver's
 * transport-cc feedback says arrived: the lower of the rate the cluster was sent and received at (as GCC's probe
 * estimator measures it), trusted only when most of it arrived and it was not squeezed below half its send rate.
 * A probe that found more room is followed by the next one a second later, from the new estimate, so a lifted
 * limit is found in a few doublings instead of at the 8 % a second of normal growth; a probe that found nothing
 * waits twice as long as the last one did, from {@link #MIN_INTERVAL_MICROS} up to {@link #MAX_INTERVAL_MICROS}.
 * Probes run only while the delay signal is normal, loss is low and the estimate is under what the receiver could
 * use ({@link #want}).
 *
 * <p>Not thread-safe: one instance per receiver, on the thread that reads its feedback, which is also the one that
 * sends its padding (its transport's media worker). Allocates nothing.
 */
public final class Prober {
    static final long CLUSTER_MICROS = 30_000;
    static final int MIN_PACKETS = 5;
    static final double PROBE_FACTOR = 2.0;
    static final long AFTER_SUCCESS_MICROS = 1_000_000;
    static final long MIN_INTERVAL_MICROS = 2_500_000;
    /**
     * A path that took no more is tried again at most this long after: a failed probe also brings an unproven
     * estimate down ({@code BandwidthEstimator#probed}), so only the next probe finds out when the path widens.
     */
    static final long MAX_INTERVAL_MICROS = 5_000_000;
    /** A cluster not fully reported this long after its last packet is judged on what was reported. */
    static final long RESULT_WAIT_MICROS = 1_000_000;
    /** Padding packet size: 12 bytes of header and up to 255 of padding (RFC 3550's padding count is one byte). */
    public static final int PACKET_BYTES = 267;

    private enum State { IDLE, SENDING, WAITING }

    private State state = State.IDLE;
    /** -1 until the room has said (a new receiver), 0 when it cannot be probed (no RTX video). */
    private volatile long wantBps = -1;
    private long nextProbeMicros;
    private long intervalMicros = MIN_INTERVAL_MICROS;
    // the cluster being sent, then waited for
    private long targetBps;
    private long startMicros;
    private long sentBytes;
    private int sentPackets;
    private long lastSendMicros;
    // what feedback reported of it
    private int reportedPackets;
    private int arrivedPackets;
    private long arrivedBytes;
    private long firstSend = Long.MAX_VALUE;
    private long lastSend = Long.MIN_VALUE;
    private int lastSendSize;
    private long firstArrival = Long.MAX_VALUE;
    private long lastArrival = Long.MIN_VALUE;
    private int firstArrivalSize;
    // counters (tests, diagnostics): read from any thread
    private volatile long probes;
    private volatile long raised;
    private volatile long concluded;
    private volatile long lastResultBps;

    /**
     * What the receiver could use, in bit/s (the room's view: the top layers of what it receives); 0 turns probing off.
     * Written by the control thread.
     */
    public void want(long bps) {
        this.wantBps = Math.max(0, bps);
    }

    /** Whether this receiver can be probed (it gets video with RTX), or the room has not said yet. */
    public boolean mayProbe() {
        return wantBps != 0;
    }

    /**
     * At the end of a feedback: whether a new cluster starts now (then {@link #bytesDue} says what to send).
     *
     * @param normal the delay signal is neither over- nor under-use
     */
    public boolean maybeStart(long estimateBps, boolean normal, double loss, long nowMicros) {
        long want = wantBps;
        if (state != State.IDLE || want <= 0 || estimateBps >= want || !normal || loss >= 0.02
                || nowMicros < nextProbeMicros) {
            return false;
        }
        state = State.SENDING;
        targetBps = (long) Math.min(estimateBps * PROBE_FACTOR, Math.max(want, estimateBps));
        startMicros = nowMicros;
        sentBytes = 0;
        sentPackets = 0;
        reportedPackets = 0;
        arrivedPackets = 0;
        arrivedBytes = 0;
        firstSend = Long.MAX_VALUE;
        lastSend = Long.MIN_VALUE;
        firstArrival = Long.MAX_VALUE;
        lastArrival = Long.MIN_VALUE;
        probes++;
        return true;
    }

    /** Whether padding is due on the media worker's ticks. */
    public boolean sending() {
        return state == State.SENDING;
    }

    /** Bytes of padding to send now to stay on the cluster's rate; the cluster ends once it is sent. */
    public long bytesDue(long nowMicros) {
        if (state != State.SENDING) {
            return 0;
        }
        long elapsed = nowMicros - startMicros;
        if (elapsed >= CLUSTER_MICROS && sentPackets >= MIN_PACKETS) {
            state = State.WAITING;
            lastSendMicros = nowMicros;
            return 0;
        }
        long due = targetBps * Math.min(elapsed + 2_000, CLUSTER_MICROS) / 8_000_000 - sentBytes;
        return Math.max(due, sentPackets < MIN_PACKETS && elapsed >= CLUSTER_MICROS ? PACKET_BYTES : 0);
    }

    /** One padding packet of {@code bytes} went out. */
    public void sent(int bytes, long nowMicros) {
        sentBytes += bytes;
        sentPackets++;
        lastSendMicros = nowMicros;
    }

    /** A padding packet could not be sent (no RTX stream to pad on, or the socket refused): the cluster ends. */
    public void abort(long nowMicros) {
        if (state == State.SENDING) {
            state = State.IDLE;
            nextProbeMicros = nowMicros + intervalMicros;
        }
    }

    /** A probe packet as feedback reported it: {@code arrivalMicros} &lt; 0 when lost. */
    public void onProbePacket(long sendMicros, long arrivalMicros, int size) {
        if (state == State.IDLE) {
            return;
        }
        reportedPackets++;
        if (sendMicros < firstSend) {
            firstSend = sendMicros;
        }
        if (sendMicros > lastSend) {
            lastSend = sendMicros;
            lastSendSize = size;
        }
        if (arrivalMicros < 0) {
            return;
        }
        arrivedPackets++;
        arrivedBytes += size;
        if (arrivalMicros < firstArrival) {
            firstArrival = arrivalMicros;
            firstArrivalSize = size;
        }
        lastArrival = Math.max(lastArrival, arrivalMicros);
    }

    /**
     * At the end of a feedback, once the cluster is sent: its result in bit/s when it can be judged now, 0 when it is
     * still being reported, or -1 when it was judged and found nothing usable. After a result, the next probe is
     * scheduled.
     */
    public long result(long nowMicros) {
        if (state != State.WAITING) {
            return 0;
        }
        boolean complete = reportedPackets >= sentPackets;
        if (!complete && nowMicros - lastSendMicros < RESULT_WAIT_MICROS) {
            return 0;
        }
        state = State.IDLE;
        long r = judge();
        lastResultBps = Math.max(r, 0);
        return r;
    }

    /** The probe's verdict against the estimate it started from: schedules the next one. */
    public void concluded(boolean foundMore, long nowMicros) {
        concluded++;
        if (foundMore) {
            raised++;
            intervalMicros = MIN_INTERVAL_MICROS;
            nextProbeMicros = nowMicros + AFTER_SUCCESS_MICROS;
        } else {
            nextProbeMicros = nowMicros + intervalMicros;
            intervalMicros = Math.min(intervalMicros * 2, MAX_INTERVAL_MICROS);
        }
    }

    private long judge() {
        if (arrivedPackets < Math.max(MIN_PACKETS, sentPackets * 4 / 5)) {
            return -1; // most of it was lost (or never reported): the path did not take it
        }
        long sendSpan = lastSend - firstSend;
        long receiveSpan = lastArrival - firstArrival;
        if (sendSpan <= 0 || receiveSpan <= 0) {
            return -1;
        }
        // a rate over n packets spans n - 1 gaps: leave out the last one sent, and the first one received
        long sendRate = (arrivedBytes - lastSendSize) * 8_000_000 / sendSpan;
        long receiveRate = (arrivedBytes - firstArrivalSize) * 8_000_000 / receiveSpan;
        if (receiveRate * 2 < sendRate) {
            return -1; // squeezed to less than half: a queue formed, the rate says little
        }
        return receiveRate < sendRate * 9 / 10 ? receiveRate * 95 / 100 : Math.min(sendRate, receiveRate);
    }

    /** Clusters started. */
    public long probes() {
        return probes;
    }

    /** Probes judged (found more, or not). */
    public long concluded() {
        return concluded;
    }

    /** Probes that found more room (raised the estimate by the probing gain). */
    public long raised() {
        return raised;
    }

    /** The last probe's result in bit/s, 0 when it found nothing usable. */
    public long lastResultBps() {
        return lastResultBps;
    }
}
