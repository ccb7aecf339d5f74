package io.prochat.rtc.gateway.rtcd;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket, written as GCRA (one timestamp, no refill thread). Two uses: the limit on bcrypt work (checking or
 * hashing a client key), as rtcd's: 12 per second per core, burst 1 (rtcd.md §1.1), where a request that would have
 * to wait longer than {@code maxWait} is refused at once instead of holding an HTTP thread (rtcd waits up to 10 s;
 * here 2 s); and, with no wait, each plugin WebSocket's message rate ({@link #tryAcquire}). Thread-safe.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private final long toleranceNanos;
    private final long maxWaitNanos;
    private final LongSupplier nanoClock;
    private long theoreticalArrival; // guarded by this

    /**
     * @param perSecond requests allowed per second
     * @param burst     requests allowed at once (≥ 1)
     * @param maxWaitMillis longest a request may wait for its turn
     */
    public RateLimiter(double perSecond, int burst, long maxWaitMillis, LongSupplier nanoClock) {
        if (perSecond <= 0 || burst < 1 || maxWaitMillis < 0) {
            throw new IllegalArgumentException("rate > 0, burst ≥ 1, wait ≥ 0");
        }
        this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        this.toleranceNanos = intervalNanos * (burst - 1);
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.nanoClock = nanoClock;
        this.theoreticalArrival = nanoClock.getAsLong();
    }

    /** rtcd's bcrypt limit on this machine: 12/s × cores, burst 1, waiting at most 2 s. */
    public static RateLimiter rtcdDefault() {
        return new RateLimiter(12.0 * Runtime.getRuntime().availableProcessors(), 1, 2000, System::nanoTime);
    }

    /**
     * Takes a turn, sleeping until it comes.
     *
     * @throws RtcdApiException 429 when the turn is further away than the longest wait, 503 when interrupted
     */
    public void acquire() {
        long wait = reserve();
        if (wait < 0) {
            throw new RtcdApiException(429, "rate_limited", "too many authentication requests; retry in a moment");
        }
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RtcdApiException(503, "interrupted", "server is shutting down");
            }
        }
    }

    /** Takes a turn if one is free now; never waits. */
    public boolean tryAcquire() {
        return reserve() == 0;
    }

    /** @return nanoseconds to wait for this turn (0 = now), or -1 when refused (no turn taken) */
    synchronized long reserve() {
        long now = nanoClock.getAsLong();
        long tat = Math.max(theoreticalArrival, now);
        long wait = Math.max(0, tat - toleranceNanos - now);
        if (wait > maxWaitNanos) {
            return -1;
        }
        theoreticalArrival = tat + intervalNanos;
        return wait;
    }
}
