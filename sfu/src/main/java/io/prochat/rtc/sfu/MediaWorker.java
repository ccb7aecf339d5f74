package io.prochat.rtc.sfu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One media thread and its inbound queue: a ring of preallocated datagram slots that receive threads copy into
 * ({@link #offer}) and this thread processes in place, in the order they were offered.
 *
 * <p>The ring is D. Vyukov's bounded queue (a sequence number per slot): a producer claims a slot with one CAS on the
 * tail, copies the datagram into the slot's own array, then publishes it; the single consumer reads published slots
 * in order and hands each back once processed. Nothing is allocated per packet and no lock is taken: a full ring
 * drops the datagram ({@link SfuMetrics.Drop#WORKER_QUEUE_FULL}) instead of waiting, so a receive thread never waits
 * for a worker and a worker never waits for a receive thread. An idle worker spins briefly, then parks; a producer
 * that publishes while it is parked unparks it (the two sides' flag and sequence accesses are volatile, so one of
 * them always sees the other).
 *
 * <p>Threads: {@link #offer} from any thread (ice4j's UDP receive thread, TCP session readers); {@link Sink#process}
 * only on this worker's thread.
 */
final class MediaWorker {
    private static final Logger LOG = LoggerFactory.getLogger(MediaWorker.class);
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    /** Empty polls before parking: a few microseconds, so a burst's next packet is usually caught without a wake-up. */
    private static final int SPINS = 256;

    /** Work this worker runs at times of its own (a bandwidth probe's pacing), between datagrams. */
    interface Ticker {
        /** Runs on the worker's thread; returns whether it wants to run again in {@link #TICK_NANOS}. */
        boolean tick(long nowNanos);
    }

    /** How often tickers run while there are any; the worker parks at most this long meanwhile. */
    static final long TICK_NANOS = 2_000_000;

    /** Where a datagram goes once its worker takes it: {@code buf} is the worker's slot, valid during the call only. */
    interface Sink {
        /** {@code buf} has at least {@link #TAIL_ROOM} bytes after {@code off + len}. Must not throw. */
        void process(byte[] buf, int off, int len);
    }

    /** Largest datagram accepted: ice4j reads UDP into 1500-byte packets, TCP frames are read the same way. */
    static final int MAX_DATAGRAM = 1500;
    /** Room after each slot's datagram for an SRTP tag written in place (the echo room sends from the slot). */
    static final int TAIL_ROOM = 32;

    private final byte[][] data;
    private final int[] lengths;
    private final Sink[] sinks;
    private final long[] sequences;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final SfuMetrics metrics;
    private final Thread thread;
    /** Consumer only. */
    private long head;
    /** This worker's thread only: tickers that want to run, and when they run next. */
    private Ticker[] tickers = new Ticker[4];
    private int tickerCount;
    private long nextTickNanos;
    private volatile boolean parked;
    private volatile boolean running = true;
    /** Transports assigned to this worker (for choosing the least loaded one). */
    final java.util.concurrent.atomic.AtomicInteger owners = new java.util.concurrent.atomic.AtomicInteger();

    /** @param capacity slots in the ring, a power of two */
    MediaWorker(String name, int capacity, SfuMetrics metrics) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.data = new byte[capacity][MAX_DATAGRAM + TAIL_ROOM];
        this.lengths = new int[capacity];
        this.sinks = new Sink[capacity];
        this.sequences = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            sequences[i] = i;
        }
        this.mask = capacity - 1;
        this.metrics = metrics;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    /**
     * Copies one datagram into a free slot for {@code sink}; false (counted) when the ring is full or the datagram is
     * larger than a slot. Never blocks, never allocates.
     */
    boolean offer(Sink sink, byte[] buf, int off, int len) {
        if (len > MAX_DATAGRAM || len < 0) {
            metrics.drop(SfuMetrics.Drop.NOT_MEDIA);
            return false;
        }
        long pos = tail.get();
        int i;
        while (true) {
            i = (int) pos & mask;
            long seq = (long) SEQ.getVolatile(sequences, i);
            long dif = seq - pos;
            if (dif == 0) {
                if (tail.compareAndSet(pos, pos + 1)) {
                    break;
                }
                pos = tail.get();
            } else if (dif < 0) {
                dropped.increment();
                metrics.drop(SfuMetrics.Drop.WORKER_QUEUE_FULL);
                return false;
            } else {
                pos = tail.get();
            }
        }
        System.arraycopy(buf, off, data[i], 0, len);
        lengths[i] = len;
        sinks[i] = sink;
        SEQ.setVolatile(sequences, i, pos + 1);
        if (parked) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** Datagrams this worker's full ring refused. */
    long dropped() {
        return dropped.sum();
    }

    void stop() {
        running = false;
        LockSupport.unpark(thread);
    }

    /**
     * Runs {@code t} on this worker from now on, every {@link #TICK_NANOS}, until it returns false; a ticker already
     * scheduled is not added twice. Only on this worker's thread (from a {@link Sink}).
     */
    void schedule(Ticker t) {
        for (int i = 0; i < tickerCount; i++) {
            if (tickers[i] == t) {
                return;
            }
        }
        if (tickerCount == tickers.length) {
            tickers = java.util.Arrays.copyOf(tickers, 2 * tickers.length);
        }
        if (tickerCount == 0) {
            nextTickNanos = System.nanoTime();
        }
        tickers[tickerCount++] = t;
    }

    private void runTickers() {
        long now = System.nanoTime();
        if (now - nextTickNanos < 0) {
            return;
        }
        nextTickNanos = now + TICK_NANOS;
        int kept = 0;
        for (int i = 0; i < tickerCount; i++) {
            boolean again;
            try {
                again = tickers[i].tick(now);
            } catch (RuntimeException e) {
                LOG.warn("{}: a ticker threw", thread.getName(), e);
                again = false;
            }
            if (again) {
                tickers[kept++] = tickers[i];
            }
        }
        for (int i = kept; i < tickerCount; i++) {
            tickers[i] = null;
        }
        tickerCount = kept;
    }

    private void run() {
        int idle = 0;
        while (running) {
            if (tickerCount > 0) {
                runTickers();
            }
            if (poll()) {
                idle = 0;
            } else if (++idle < SPINS) {
                Thread.onSpinWait();
            } else {
                parked = true;
                if (!ready() && running) {
                    if (tickerCount > 0) {
                        LockSupport.parkNanos(this, Math.max(1, nextTickNanos - System.nanoTime()));
                    } else {
                        LockSupport.park(this);
                    }
                }
                parked = false;
                idle = 0;
            }
        }
    }

    private boolean ready() {
        return (long) SEQ.getVolatile(sequences, (int) head & mask) == head + 1;
    }

    /** Processes the next published slot, if any. */
    private boolean poll() {
        long pos = head;
        int i = (int) pos & mask;
        if ((long) SEQ.getAcquire(sequences, i) != pos + 1) {
            return false;
        }
        Sink sink = sinks[i];
        sinks[i] = null;
        try {
            sink.process(data[i], 0, lengths[i]);
        } catch (RuntimeException e) {
            // a sink must not throw; if one does, the worker lives on for the other transports
            LOG.warn("{}: a media sink threw", thread.getName(), e);
        }
        head = pos + 1;
        SEQ.setRelease(sequences, i, pos + mask + 1);
        return true;
    }
}
