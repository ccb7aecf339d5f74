package io.prochat.rtc.jitsi.xmpp;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: {@code initial}, doubling per failure up to {@code max}, each with ±20 % jitter so
 * that several gateways do not hammer a restarting Prosody in step.
 */
public record Backoff(Duration initial, Duration max) {
    /** 1 s, 2 s, 4 s … up to 30 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + ", " + max);
        }
    }

    /** The delay before the next attempt after {@code failures} failures in a row (0 = the first retry). */
    Duration delay(int failures) {
        long base = initial.toMillis() << Math.min(failures, 20);
        long capped = Math.min(base, max.toMillis());
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }
}
