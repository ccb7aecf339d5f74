package io.prochat.rtc.sfu.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.tls.DatagramTransport;

/**
 * Bridges the push-style network (ICE hands us datagrams) to BouncyCastle's pull-style {@link DatagramTransport}.
 *
 * <p>The network thread copies each DTLS datagram into a bounded queue ({@link #offer}); the handshake thread pulls
 * it in {@link #receive}. DTLS records are rare (a handshake, an alert), so the copy is not on the media path.
 * A full queue drops the datagram and counts it; DTLS retransmits.
 *
 * <p>Sends go straight to the network while it takes them. A send that fails (typically: the peer's ClientHello came
 * over a pair our ICE agent has not validated yet, so there is no path back for a few milliseconds) is held, and so is
 * every datagram after it, until a send works again or {@link #flush} is called (ICE connected): then they go out in
 * the order BouncyCastle wrote them. Dropping the failed ones instead, as before, sent the rest of the flight alone:
 * a client then saw Certificate, ServerKeyExchange... without the ServerHello before them, which Pion (3.1.56, its
 * DTLS 2.2.6) answers with a fatal internal_error instead of waiting for the retransmission (issue 11, item 11: about
 * 2% of Pion joins failed so). Held datagrams are bounded ({@link #HOLD_LIMIT}); past that they are all dropped and
 * BouncyCastle's retransmission sends the whole flight again. A thrown IOException would abort the handshake, so a
 * failure is never passed up.
 */
final class QueueDatagramTransport implements DatagramTransport {
    /** MTU 1500 minus IPv4 and UDP headers, as BouncyCastle's UDPTransport computes it. */
    static final int RECEIVE_LIMIT = 1500 - 20 - 8;
    /** Handshake fragments stay under 1200 B, safe over TURN, VPNs and IPv6 (as Pion does). */
    static final int SEND_LIMIT = 1200;
    private static final int QUEUE_CAPACITY = 64;
    /** Datagrams held while the path is not ready: a flight is at most 6 records of ours, a few flights fit. */
    static final int HOLD_LIMIT = 32;

    private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final DtlsEndpoint.Sender sender;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    /** Datagrams waiting for a path, in send order; guarded by {@code this}. */
    private final java.util.ArrayDeque<byte[]> held = new java.util.ArrayDeque<>();
    private volatile boolean closed;

    QueueDatagramTransport(DtlsEndpoint.Sender sender) {
        this.sender = sender;
    }

    /** Called by the network thread: copies the datagram; false when dropped (queue full or closed). */
    boolean offer(byte[] buf, int off, int len) {
        if (closed || len > RECEIVE_LIMIT) {
            dropped.incrementAndGet();
            return false;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        if (!queue.offer(copy)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    boolean hasPending() {
        return !queue.isEmpty();
    }

    long dropped() {
        return dropped.get();
    }

    long sendErrors() {
        return sendErrors.get();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        byte[] datagram;
        try {
            datagram = waitMillis <= 0 ? queue.poll() : queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (datagram == null) {
            if (closed) {
                throw new IOException("DTLS transport closed");
            }
            return -1;
        }
        int n = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    /**
     * Sends one datagram, after any held ones; holds it when the network does not take it (see the class comment).
     * Synchronized so held datagrams and new ones keep their order; the sender never blocks (ICE sends do not wait).
     */
    @Override
    public synchronized void send(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        if (!held.isEmpty() && !sendHeld()) {
            hold(buf, off, len);
            return;
        }
        try {
            sender.send(buf, off, len);
        } catch (IOException | RuntimeException e) {
            sendErrors.incrementAndGet();
            hold(buf, off, len);
        }
    }

    /** The path to the peer is ready (ICE connected): sends the held datagrams, in order. */
    synchronized void flush() {
        if (!closed && !held.isEmpty()) {
            sendHeld();
        }
    }

    /** Datagrams waiting for a path. */
    synchronized int held() {
        return held.size();
    }

    /** Sends held datagrams from the oldest; stops at the first failure. True when none is left. */
    private boolean sendHeld() {
        while (!held.isEmpty()) {
            byte[] d = held.peekFirst();
            try {
                sender.send(d, 0, d.length);
            } catch (IOException | RuntimeException e) {
                sendErrors.incrementAndGet();
                return false;
            }
            held.pollFirst();
        }
        return true;
    }

    private void hold(byte[] buf, int off, int len) {
        if (held.size() >= HOLD_LIMIT) {
            // a path this long missing: drop them all; the flight retransmission will be sent whole
            dropped.addAndGet(held.size());
            held.clear();
        }
        held.addLast(java.util.Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        synchronized (this) {
            held.clear();
        }
    }
}
