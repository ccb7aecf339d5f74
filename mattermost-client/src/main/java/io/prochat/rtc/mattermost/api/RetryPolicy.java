package io.prochat.rtc.mattermost.api;

import java.time.Duration;

/**
 * How often and how long to retry a 429 or 5xx answer (and a refused connection).
 *
 * @param maxAttempts  attempts in all, at least 1 (1 = no retry)
 * @param firstBackoff wait after the first failure when the server advertises none; doubles each time
 * @param maxBackoff   cap on the doubled wait
 * @param maxWait      longest wait accepted, advertised or not; a 429 that asks for more fails at once,
 *                     so a caller on a request thread is never held longer than it can afford
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration maxWait) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (firstBackoff.isNegative() || maxBackoff.isNegative() || maxWait.isNegative()) {
            throw new IllegalArgumentException("waits must not be negative");
        }
    }

    /** For work off the request thread: 4 attempts, 0.5 s doubling to 8 s, waits of up to a minute. */
    public static RetryPolicy background() {
        return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofMinutes(1));
    }

    /** For a user waiting on a slash command or a click: 2 attempts, waits of up to 2 s. */
    public static RetryPolicy interactive() {
        return new RetryPolicy(2, Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    Duration backoff(int failedAttempts) {
        long millis = firstBackoff.toMillis() << Math.min(failedAttempts - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
