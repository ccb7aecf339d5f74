package io.prochat.rtc.gateway.rtcd;

import java.time.Duration;

/**
 * rtcd's WebSocket timing (rtcd.md §2.1): a ping every {@code pingInterval}; a connection that has sent nothing,
 * not even a pong, for {@code read} is dropped; so is one whose queued frames have not moved for {@code write}.
 */
record SocketDeadlines(Duration pingInterval, Duration read, Duration write) {
    SocketDeadlines {
        if (pingInterval.isNegative() || pingInterval.isZero() || read.compareTo(pingInterval) <= 0
                || write.isNegative() || write.isZero()) {
            throw new IllegalArgumentException("deadlines must be positive and the read deadline longer than the "
                    + "ping interval: " + pingInterval + ", " + read + ", " + write);
        }
    }

    /** rtcd's: ping 10 s, read deadline two pings (20 s), write deadline 10 s. */
    static SocketDeadlines rtcd() {
        return new SocketDeadlines(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(10));
    }

    /** How often deadlines are looked at: often enough to act within a tenth of the shortest. */
    Duration checkEvery() {
        Duration shortest = pingInterval.compareTo(write) < 0 ? pingInterval : write;
        return shortest.dividedBy(10).compareTo(Duration.ofMillis(10)) < 0 ? Duration.ofMillis(10)
                : shortest.dividedBy(10);
    }

    /** "20 s", or "800 ms" for a deadline under a second or not a whole number of seconds. */
    static String words(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
