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
 * A full queue drops the datagram and counts it; DTLS retransmits. Sends go straight to the network; a send error
 * (no ICE pair yet) is treated as loss, because DTLS retransmits and a thrown IOException would abort the handshake.
 */
final class QueueDatagramTransport implements DatagramTransport {
    /** MTU 1500 minus IPv4 and UDP headers, as BouncyCastle's UDPTransport computes it. */
    static final int RECEIVE_LIMIT = 1500 - 20 - 8;
    /** Handshake fragments stay under 1200 B, safe over TURN, VPNs and IPv6 (as Pion does). */
    static final int SEND_LIMIT = 1200;
    private static final int QUEUE_CAPACITY = 64;

    private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final DtlsEndpoint.Sender sender;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
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

    @Override
    public void send(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        try {
            sender.send(buf, off, len);
        } catch (IOException | RuntimeException e) {
            sendErrors.incrementAndGet();
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
    }
}
