package io.prochat.rtc.gateway.calls;

import java.time.Duration;

/** How long the gateway's side effects (card rewrites, Jitsi room teardowns) wait after a failed try. */
public final class Backoff {
    static final Duration MAX = Duration.ofMinutes(30);

    private Backoff() {
    }

    /** Wait after the n-th failed try (n from 1): 1, 2, 4, 8, 16, then 30 minutes. */
    public static Duration afterFailedTry(int n) {
        long minutes = 1L << Math.min(n - 1, 5);
        return Duration.ofMinutes(Math.min(minutes, MAX.toMinutes()));
    }
}
