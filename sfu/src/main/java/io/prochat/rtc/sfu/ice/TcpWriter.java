package io.prochat.rtc.sfu.ice;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * The send queue of one ICE-TCP connection: a bounded ring of preallocated RFC 4571 frames, filled by any thread
 * ({@link #offer}, a copy under a short lock, never a wait) and written to the socket by one writer thread of its own.
 * A peer that stops reading blocks only that writer; once the ring is full, further datagrams are dropped and
 * counted. That is what UDP would do to a receiver that cannot keep up, and it keeps the threads that send (ice4j's
 * shared UDP receive thread, rooms, the reaper) from waiting on one peer's TCP window (issue 11, item 2).
 *
 * <p>Nothing is allocated per datagram: the frames are allocated once, and the writer waits on this object's monitor.
 * {@link #stop} never waits either: it wakes the writer and closes the socket, which ends a write in progress.
 */
final class TcpWriter {
    /** Frames queued per connection: about 200 ms of a 5 Mbit/s video downlink in 1,200-byte packets. */
    static final int DEFAULT_SLOTS = 128;
    /** Head room in each frame for the RFC 4571 length. */
    private static final int HEAD = 2;

    private final OutputStream out;
    private final Socket socket;
    private final boolean framed;
    private final byte[][] frames;
    private final int[] lengths;
    private int head;
    private int count;
    private boolean stopped;
    private volatile long drops;
    private volatile Thread thread;

    /**
     * @param framed true when {@code out} is the raw stream and we write the RFC 4571 length; false for a stream that
     *     frames each write itself
     */
    TcpWriter(OutputStream out, Socket socket, boolean framed, int slots) {
        this.out = out;
        this.socket = socket;
        this.framed = framed;
        this.frames = new byte[slots][HEAD + IceBuffers.BUFFER_SIZE];
        this.lengths = new int[slots];
    }

    /** Starts the writer thread; {@code onError} gets the reason when the connection fails while writing. */
    void start(String name, Consumer<String> onError) {
        Thread t = new Thread(() -> run(onError), name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Queues one datagram; false (and counted) when the queue is full or the writer stopped. */
    boolean offer(byte[] buf, int off, int len) throws IOException {
        if (len > IceBuffers.BUFFER_SIZE || len > 0xFFFF) {
            throw new IOException("frame too large: " + len);
        }
        synchronized (this) {
            if (stopped || count == frames.length) {
                drops++;
                return false;
            }
            int slot = (head + count) % frames.length;
            byte[] f = frames[slot];
            f[0] = (byte) (len >> 8);
            f[1] = (byte) len;
            System.arraycopy(buf, off, f, HEAD, len);
            lengths[slot] = len;
            if (count++ == 0) {
                notifyAll();
            }
        }
        return true;
    }

    /** Datagrams dropped because the queue was full. */
    long drops() {
        return drops;
    }

    /** Datagrams waiting to be written. */
    synchronized int queued() {
        return count;
    }

    /** Stops the writer without waiting for it: queued frames are discarded and the socket is closed. */
    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            notifyAll();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        try {
            socket.close(); // ends a write blocked on a peer that does not read; close itself does not linger
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }

    private void run(Consumer<String> onError) {
        while (true) {
            int slot;
            synchronized (this) {
                while (count == 0 && !stopped) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // stop() interrupts; the loop re-checks
                    }
                }
                if (stopped) {
                    return;
                }
                slot = head;
            }
            try {
                // the slot stays taken (count includes it) until written, so offer() never overwrites it
                if (framed) {
                    out.write(frames[slot], 0, HEAD + lengths[slot]);
                } else {
                    out.write(frames[slot], HEAD, lengths[slot]);
                }
            } catch (IOException | RuntimeException e) {
                boolean wasStopped;
                synchronized (this) {
                    wasStopped = stopped;
                    stopped = true;
                }
                if (!wasStopped) {
                    onError.accept("TCP connection ended while writing: " + e.getMessage());
                }
                return;
            }
            synchronized (this) {
                head = (head + 1) % frames.length;
                count--;
            }
        }
    }
}
