package io.prochat.rtc.gateway.api;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Open WebSockets per client address, with a cap: one address cannot hold an endpoint's connections (and their
 * buffers and pings) by the thousand. The cap is per endpoint and generous where many people share one address
 * (an office behind NAT joining huddles). Lock-free; called on Jetty's threads.
 */
public final class ConnectionsPerAddress {
    private final int max;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();

    public ConnectionsPerAddress(int max) {
        this.max = max;
    }

    /** The address a connection counts under: its IP, without the port. */
    public static String addressOf(SocketAddress remote) {
        return remote instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress()
                : String.valueOf(remote);
    }

    /** Counts one more connection from {@code address}; false (nothing counted) when it already has the most. */
    public boolean tryOpen(String address) {
        AtomicInteger n = open.computeIfAbsent(address, k -> new AtomicInteger());
        if (n.incrementAndGet() > max) {
            close(address);
            refused.increment();
            return false;
        }
        return true;
    }

    /** One connection from {@code address} that {@link #tryOpen} let in has closed. */
    public void close(String address) {
        open.computeIfPresent(address, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    }

    public int open(String address) {
        AtomicInteger n = open.get(address);
        return n == null ? 0 : n.get();
    }

    /** Connections refused so far. */
    public long refused() {
        return refused.sum();
    }
}
