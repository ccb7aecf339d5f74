package io.prochat.rtc.sfu.ice;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;

/**
 * The pool behind ice4j's push API ({@link BufferPool}): ice4j takes a buffer for every datagram it receives on the
 * shared UDP port and gives it back through us once the packet was handled, so steady-state reception allocates no
 * byte arrays. Every buffer has {@link #TAIL_ROOM} bytes after the largest datagram, so SRTP can append its tag in
 * place. The queue is array-backed (no node per offer). Installed once, process-wide, by {@link IcePorts}.
 */
final class IceBuffers {
    /** Largest UDP payload ice4j reads (it uses a 1500-byte receive packet). */
    static final int MAX_DATAGRAM = 1500;
    /** Room after the packet: an SRTCP index (4) plus the largest tag (16), rounded up. */
    static final int TAIL_ROOM = 32;
    static final int BUFFER_SIZE = MAX_DATAGRAM + TAIL_ROOM;
    private static final int POOL_SIZE = 512;

    private static final ArrayBlockingQueue<Buffer> POOL = new ArrayBlockingQueue<>(POOL_SIZE);
    private static final AtomicLong ALLOCATED = new AtomicLong();

    private IceBuffers() {
    }

    static void install() {
        BufferPool.getBuffer = IceBuffers::take;
        BufferPool.returnBuffer = IceBuffers::give;
    }

    static Buffer take(int size) {
        Buffer b = POOL.poll();
        if (b == null || b.getBuffer().length < size) {
            ALLOCATED.incrementAndGet();
            b = new Buffer(new byte[Math.max(size, BUFFER_SIZE)], 0, 0);
        }
        return b;
    }

    static kotlin.Unit give(Buffer b) {
        if (b.getBuffer().length == BUFFER_SIZE) {
            b.setOffset(0);
            b.setLength(0);
            b.setRemoteAddress(null);
            b.setLocalAddress(null);
            b.setReceivedTime(null);
            POOL.offer(b);
        }
        return kotlin.Unit.INSTANCE;
    }

    /** Buffers allocated since start: flat once the pool is warm. */
    static long allocated() {
        return ALLOCATED.get();
    }
}
