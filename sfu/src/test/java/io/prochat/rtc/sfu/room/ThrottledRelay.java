package io.prochat.rtc.sfu.room;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A UDP relay on loopback between a browser and the SFU whose way toward the browser is a bottleneck: datagrams leave
 * at most at {@link #limit(long)} bit/s, queue behind each other as in a router, and are dropped when the queue would
 * hold more than {@link #MAX_QUEUE_NANOS}; 0 lifts the limit. The way toward the SFU is not limited. Wired like
 * {@link LossyRelay}: {@link #browserFacingPort()} replaces the SFU's port in what the browser gets,
 * {@link #sfuFacingPort()} the browser's port in what the SFU gets.
 */
final class ThrottledRelay implements AutoCloseable {
    static final long MAX_QUEUE_NANOS = 250_000_000L;

    private record Datagram(byte[] bytes, long departNanos) {
    }

    private final DatagramSocket towardBrowser;
    private final DatagramSocket towardSfu;
    private final SocketAddress sfu;
    private volatile SocketAddress browser;
    private volatile long limitBps;
    private long lastDeparture;
    private final LinkedBlockingQueue<Datagram> queue = new LinkedBlockingQueue<>();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong bytesTowardBrowser = new AtomicLong();
    private final Thread up;
    private final Thread down;
    private final Thread pacer;
    private volatile boolean closed;

    ThrottledRelay(int sfuPort, long limitBps) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        this.towardBrowser = new DatagramSocket(new InetSocketAddress(lo, 0));
        this.towardSfu = new DatagramSocket(new InetSocketAddress(lo, 0));
        this.sfu = new InetSocketAddress(lo, sfuPort);
        this.limitBps = limitBps;
        up = start("relay-up", this::up);
        down = start("relay-down", this::down);
        pacer = start("relay-pacer", this::pace);
    }

    int browserFacingPort() {
        return towardBrowser.getLocalPort();
    }

    int sfuFacingPort() {
        return towardSfu.getLocalPort();
    }

    /** The bottleneck toward the browser in bit/s; 0 for none. */
    void limit(long bps) {
        limitBps = bps;
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void up() {
        byte[] b = new byte[2048];
        DatagramPacket p = new DatagramPacket(b, b.length);
        while (true) {
            try {
                p.setLength(b.length);
                towardBrowser.receive(p);
                browser = p.getSocketAddress();
                towardSfu.send(new DatagramPacket(b, p.getLength(), sfu));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void down() {
        byte[] b = new byte[2048];
        DatagramPacket p = new DatagramPacket(b, b.length);
        while (true) {
            try {
                p.setLength(b.length);
                towardSfu.receive(p);
                long now = System.nanoTime();
                long limit = limitBps;
                long depart = now;
                if (limit > 0) {
                    depart = Math.max(now, lastDeparture) + p.getLength() * 8L * 1_000_000_000L / limit;
                    if (depart - now > MAX_QUEUE_NANOS) {
                        dropped.incrementAndGet(); // the queue is full: tail drop
                        continue;
                    }
                }
                lastDeparture = depart;
                queue.add(new Datagram(java.util.Arrays.copyOf(b, p.getLength()), depart));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pace() {
        while (!closed) {
            try {
                Datagram d = queue.poll(100, TimeUnit.MILLISECONDS);
                if (d == null) {
                    continue;
                }
                long wait = d.departNanos() - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                SocketAddress to = browser;
                if (to != null) {
                    towardBrowser.send(new DatagramPacket(d.bytes(), d.bytes().length, to));
                    bytesTowardBrowser.addAndGet(d.bytes().length);
                }
            } catch (InterruptedException | IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        towardBrowser.close();
        towardSfu.close();
        up.join(1000);
        down.join(1000);
        pacer.join(1000);
    }
}
