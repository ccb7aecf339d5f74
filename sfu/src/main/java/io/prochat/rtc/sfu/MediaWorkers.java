package io.prochat.rtc.sfu;

/**
 * The SFU's media threads ("sfu-media-N"): every transport is assigned one for its lifetime, and all its inbound
 * RTP and RTCP (from ice4j's UDP receive thread or its TCP reader) is decrypted, forwarded and re-encrypted there.
 * One transport's packets are so processed in order on one thread, which keeps each published stream's state
 * single-writer, while different publishers' packets use every core. A transport goes to the worker with the fewest
 * transports when it is created (the least loaded, not a hash, so workers stay even as transports come and go).
 *
 * <p>Each worker's queue is its own: a publisher that floods fills its worker's ring and loses its own packets
 * ({@link SfuMetrics.Drop#WORKER_QUEUE_FULL}); publishers on other workers are untouched, and those sharing its
 * worker keep the ring's share they get in arrival order.
 */
final class MediaWorkers implements AutoCloseable {
    /**
     * Slots per worker: a 1,500-byte datagram each, so 1.5 MiB per worker. At 50 kpkt/s into one worker that is
     * 20 ms of burst, about what the kernel's socket buffer holds besides.
     */
    static final int QUEUE_SLOTS = 1024;

    private final MediaWorker[] workers;

    /** @param count threads; at least 1 */
    MediaWorkers(int count, int slots, SfuMetrics metrics) {
        if (count < 1) {
            throw new IllegalArgumentException("media workers must be at least 1: " + count);
        }
        workers = new MediaWorker[count];
        for (int i = 0; i < count; i++) {
            workers[i] = new MediaWorker("sfu-media-" + (i + 1), slots, metrics);
        }
        for (MediaWorker w : workers) {
            w.start();
        }
    }

    /** The default number of workers: one per core the JVM may use. */
    static int defaultCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    int size() {
        return workers.length;
    }

    /** Picks the worker with the fewest transports for a new one; give it back with {@link #release}. */
    MediaWorker assign() {
        MediaWorker best = workers[0];
        for (MediaWorker w : workers) {
            if (w.owners.get() < best.owners.get()) {
                best = w;
            }
        }
        best.owners.incrementAndGet();
        return best;
    }

    void release(MediaWorker worker) {
        worker.owners.decrementAndGet();
    }

    MediaWorker worker(int i) {
        return workers[i];
    }

    /** Datagrams dropped because a worker's queue was full, all workers. */
    long dropped() {
        long n = 0;
        for (MediaWorker w : workers) {
            n += w.dropped();
        }
        return n;
    }

    @Override
    public void close() {
        for (MediaWorker w : workers) {
            w.stop();
        }
    }
}
