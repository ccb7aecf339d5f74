package io.prochat.rtc.sfu.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The media path's own way out on the shared UDP port: one non-blocking, send-only {@link DatagramChannel} per local
 * address, bound to the media port before ice4j binds its sockets there. ice4j binds its pool with
 * {@code SO_REUSEADDR}, and so do we; Linux delivers a unicast datagram for a port several sockets of the same family
 * share to the one bound last (ice4j's {@code SocketPool} relies on the same; {@code UdpSenderTest} checks it), so
 * ice4j keeps receiving everything and these channels only send, from the same address and port the peer's ICE pair
 * names.
 *
 * <p>Why: ice4j's send path for a selected pair goes through its socket wrappers, its pool's two locks and the JDK's
 * {@code DatagramSocket} adaptor (more than half of the send chain's Java time in a flight recording at
 * 2 × 200 listeners, docs/benchmarks.md), and it blocks when the socket's send buffer is full. Here a send is one copy
 * into this thread's direct buffer and one {@code sendto}; a full send buffer drops the datagram ({@link #send}
 * returns false) instead of holding the media worker. Thread-safe: the JDK serialises sends on a channel, and each
 * thread has its own buffer. Nothing is allocated per datagram.
 */
public final class UdpSender implements AutoCloseable {
    /** What {@link #staysSendOnly} sends to the port (the receiving socket does not count it as a stranger's). */
    static final byte[] PROBE = "prochat-rtc send-only probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(IceBuffers.BUFFER_SIZE));

    private final Map<InetAddress, DatagramChannel> channels;
    private final int port;

    private UdpSender(Map<InetAddress, DatagramChannel> channels, int port) {
        this.channels = channels;
        this.port = port;
    }

    /**
     * Binds one channel per address to {@code port}, or, when it is 0, to one free port shared by all addresses
     * ({@link #port()}). Must run before ice4j binds the same port.
     */
    static UdpSender bind(List<InetAddress> addresses, int port) throws IOException {
        Map<InetAddress, DatagramChannel> channels = new LinkedHashMap<>();
        int bound = port;
        try {
            for (InetAddress address : addresses) {
                // the JDK's default family, as ice4j's DatagramSockets have: on Linux an IPv4 socket outranks a
                // dual-stack one for IPv4 datagrams whatever the order of binding, and would take ice4j's traffic
                DatagramChannel ch = DatagramChannel.open();
                channels.put(address, ch);
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                ch.configureBlocking(false);
                ch.bind(new InetSocketAddress(address, bound));
                bound = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            }
        } catch (IOException | RuntimeException e) {
            for (DatagramChannel ch : channels.values()) {
                ch.close();
            }
            throw e;
        }
        return new UdpSender(channels, bound);
    }

    /**
     * Whether every channel stays send-only once ice4j's sockets are bound: a datagram sent to each address and port
     * must not arrive here (it goes to ice4j, which drops it as it drops any non-STUN datagram from an unknown
     * address). A kernel that delivered to the first socket bound instead of the last would give these channels the
     * peers' media, which nothing reads: the caller then closes them and sends through ice4j.
     */
    boolean staysSendOnly() throws IOException {
        byte[] probe = PROBE;
        ByteBuffer in = ByteBuffer.allocate(64);
        for (Map.Entry<InetAddress, DatagramChannel> e : channels.entrySet()) {
            try (java.net.DatagramSocket s = new java.net.DatagramSocket(new InetSocketAddress(e.getKey(), 0))) {
                for (int i = 0; i < 3; i++) {
                    s.send(new java.net.DatagramPacket(probe, probe.length, new InetSocketAddress(e.getKey(), port)));
                }
            }
            long deadline = System.nanoTime() + 50_000_000L; // local delivery is immediate; a margin for a busy host
            while (System.nanoTime() < deadline) {
                in.clear();
                if (e.getValue().receive(in) != null) {
                    return false;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
            }
        }
        return true;
    }

    /** The port the channels are bound to. */
    int port() {
        return port;
    }

    /** The channel on {@code local}, or null when that address is not one of ours. */
    DatagramChannel channel(InetAddress local) {
        return channels.get(local);
    }

    /**
     * Sends one datagram from {@code channel} to {@code to}; false when the socket's send buffer had no room (the
     * datagram is dropped). Never blocks.
     */
    static boolean send(DatagramChannel channel, byte[] buf, int off, int len, InetSocketAddress to)
            throws IOException {
        ByteBuffer b = BUFFER.get();
        b.clear();
        b.put(buf, off, len);
        b.flip();
        return channel.send(b, to) > 0;
    }

    /** SO_SNDBUF asked for on each channel; returns what the kernel granted (the smallest). */
    int sizeSendBuffers(int bytes) throws IOException {
        int granted = Integer.MAX_VALUE;
        for (DatagramChannel ch : channels.values()) {
            ch.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
            granted = Math.min(granted, ch.getOption(StandardSocketOptions.SO_SNDBUF));
        }
        return granted;
    }

    @Override
    public void close() {
        for (DatagramChannel ch : channels.values()) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing: nothing left to do with it
            }
        }
    }
}
