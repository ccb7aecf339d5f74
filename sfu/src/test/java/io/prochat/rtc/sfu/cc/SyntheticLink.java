package io.prochat.rtc.sfu.cc;

import java.util.function.LongUnaryOperator;

/**
 * Drives a {@link BandwidthEstimator} as a receiver's feedback would: packets of {@code size} bytes sent every
 * {@code intervalMicros}, reported in feedbacks every 100 ms, with arrival delay and loss chosen per packet.
 * Time is simulated: nothing waits.
 */
final class SyntheticLink {
    interface Loss {
        boolean lost(long packet);
    }

    private final BandwidthEstimator estimator;
    private long now;
    private long packet;

    SyntheticLink(BandwidthEstimator estimator) {
        this.estimator = estimator;
    }

    /** Runs for {@code seconds}; {@code delay} maps a packet's send time to its one-way delay in µs. */
    long run(double seconds, int size, long intervalMicros, LongUnaryOperator delay, Loss loss) {
        long end = now + (long) (seconds * 1e6);
        long nextFeedback = now + 100_000;
        while (now < end) {
            boolean lost = loss.lost(packet++);
            estimator.onPacket(now, lost ? -1 : now + delay.applyAsLong(now), size);
            now += intervalMicros;
            if (now >= nextFeedback) {
                estimator.onFeedbackEnd(now);
                nextFeedback += 100_000;
            }
        }
        return estimator.estimate();
    }
}
