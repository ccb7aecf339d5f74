package io.prochat.rtc.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The media workers' hand-off: one transport's datagrams are processed in the order offered, on one thread; a full
 * ring drops and counts while the other workers' transports keep flowing; the hand-off allocates nothing per packet.
 * No timing: a blocked sink holds a worker still, and latches say when work is done.
 */
class MediaWorkersTest {

    /** Records the sequence numbers (first 4 bytes) it sees, and on which thread. */
    static final class OrderSink implements MediaWorker.Sink {
        final int expected;
        final CountDownLatch done;
        volatile int next;
        volatile boolean inOrder = true;
        volatile Thread thread;
        volatile boolean oneThread = true;

        OrderSink(int expected) {
            this.expected = expected;
            this.done = new CountDownLatch(1);
        }

        @Override
        public void process(byte[] buf, int off, int len) {
            Thread t = Thread.currentThread();
            if (thread == null) {
                thread = t;
            } else if (thread != t) {
                oneThread = false;
            }
            int seq = (buf[off] & 0xFF) << 24 | (buf[off + 1] & 0xFF) << 16 | (buf[off + 2] & 0xFF) << 8
                    | (buf[off + 3] & 0xFF);
            if (seq != next) {
                inOrder = false;
            }
            next = seq + 1;
            if (next == expected) {
                done.countDown();
            }
        }
    }

    private static byte[] packet(int seq) {
        byte[] b = new byte[100];
        b[0] = (byte) (seq >>> 24);
        b[1] = (byte) (seq >>> 16);
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        return b;
    }

    @Test
    void oneTransportsPacketsAreProcessedInOrderOnOneThreadFromSeveralProducers() throws Exception {
        SfuMetrics metrics = new SfuMetrics();
        try (MediaWorkers workers = new MediaWorkers(2, 1024, metrics)) {
            int n = 50_000;
            OrderSink sink = new OrderSink(n);
            MediaWorker w = workers.assign();
            // other producers offer into the same worker for another sink at the same time (as TCP readers would)
            OrderSink other = new OrderSink(n);
            Thread noise = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    byte[] p = packet(i);
                    while (!w.offer(other, p, 0, p.length)) {
                        Thread.onSpinWait();
                    }
                }
            });
            noise.start();
            for (int i = 0; i < n; i++) {
                byte[] p = packet(i);
                while (!w.offer(sink, p, 0, p.length)) {
                    Thread.onSpinWait(); // a full ring refuses; the test retries so that every packet arrives
                }
            }
            noise.join();
            assertThat(sink.done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(other.done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(sink.inOrder).isTrue();
            assertThat(other.inOrder).isTrue();
            assertThat(sink.oneThread).isTrue();
            assertThat(sink.thread).isSameAs(w.thread());
            assertThat(other.thread).isSameAs(w.thread());
        }
    }

    @Test
    void aFloodedWorkerDropsAndCountsWhileTheOtherWorkerFlows() throws Exception {
        SfuMetrics metrics = new SfuMetrics();
        int slots = 64;
        try (MediaWorkers workers = new MediaWorkers(2, slots, metrics)) {
            MediaWorker hostileWorker = workers.assign();
            MediaWorker otherWorker = workers.assign();
            assertThat(otherWorker).isNotSameAs(hostileWorker);
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger hostileProcessed = new AtomicInteger();
            MediaWorker.Sink hostile = (buf, off, len) -> {
                if (hostileProcessed.getAndIncrement() == 0) {
                    entered.countDown();
                    try {
                        release.await(); // the worker is stuck behind this publisher's work
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            byte[] p = packet(0);
            assertThat(hostileWorker.offer(hostile, p, 0, p.length)).isTrue();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < 10_000; i++) {
                if (hostileWorker.offer(hostile, p, 0, p.length)) {
                    accepted++;
                } else {
                    refused++;
                }
            }
            // the ring's share, no more: the slot being processed is the worker's until the sink returns
            assertThat(accepted).isEqualTo(slots - 1);
            assertThat(refused).isEqualTo(10_000 - slots + 1);
            assertThat(metrics.drops(SfuMetrics.Drop.WORKER_QUEUE_FULL)).isEqualTo(refused);
            assertThat(hostileWorker.dropped()).isEqualTo(refused);

            // the other worker's publisher is not held up: while the flood waits, round after round of packets (each
            // round fits its ring) is accepted at once, none refused, and all processed in order
            int rounds = 100;
            int perRound = slots / 2;
            OrderSink fine = new OrderSink(rounds * perRound);
            AtomicInteger seen = new AtomicInteger();
            MediaWorker.Sink counting = (buf, off, len) -> {
                fine.process(buf, off, len);
                seen.incrementAndGet();
            };
            int seq = 0;
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < perRound; i++) {
                    byte[] q = packet(seq++);
                    assertThat(otherWorker.offer(counting, q, 0, q.length)).isTrue();
                }
                while (seen.get() < seq) {
                    Thread.onSpinWait();
                }
            }
            assertThat(fine.done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(fine.inOrder).isTrue();
            assertThat(otherWorker.dropped()).isZero();
            assertThat(hostileProcessed.get()).isEqualTo(1); // the flooded worker was still stuck all along
            release.countDown();
        }
    }

    @Test
    void theHandOffAllocatesNothingPerPacket() throws Exception {
        SfuMetrics metrics = new SfuMetrics();
        try (MediaWorkers workers = new MediaWorkers(1, 1024, metrics)) {
            MediaWorker w = workers.assign();
            int warm = 100_000;
            int n = 200_000;
            OrderSink sink = new OrderSink(warm + n);
            byte[] p = new byte[1200];
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long me = Thread.currentThread().getId();
            long worker = w.thread().getId();
            long producerBefore = 0;
            long workerBefore = 0;
            for (int i = 0; i < warm + n; i++) {
                if (i == warm) {
                    producerBefore = mx.getThreadAllocatedBytes(me);
                    workerBefore = mx.getThreadAllocatedBytes(worker);
                }
                p[0] = (byte) (i >>> 24);
                p[1] = (byte) (i >>> 16);
                p[2] = (byte) (i >>> 8);
                p[3] = (byte) i;
                while (!w.offer(sink, p, 0, p.length)) {
                    Thread.onSpinWait();
                }
            }
            long producerAfter = mx.getThreadAllocatedBytes(me);
            assertThat(sink.done.await(30, TimeUnit.SECONDS)).isTrue();
            long workerAfter = mx.getThreadAllocatedBytes(worker);
            assertThat(sink.inOrder).isTrue();
            assertThat((double) (producerAfter - producerBefore) / n).isLessThan(1.0);
            assertThat((double) (workerAfter - workerBefore) / n).isLessThan(1.0);
        }
    }

    @Test
    void aTickerRunsOnItsWorkerUntilItIsDoneEvenWithNoDatagrams() throws Exception {
        MediaWorker w = new MediaWorker("ticker-test", 8, new SfuMetrics());
        w.start();
        try {
            AtomicInteger ticks = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicReference<Thread> on = new java.util.concurrent.atomic.AtomicReference<>();
            MediaWorker.Ticker ticker = now -> {
                on.set(Thread.currentThread());
                if (ticks.incrementAndGet() == 5) {
                    done.countDown();
                    return false;
                }
                return true;
            };
            // scheduled from a sink, as a transport does after reading feedback; twice: added once
            w.offer((buf, off, len) -> {
                w.schedule(ticker);
                w.schedule(ticker);
            }, new byte[1], 0, 1);
            assertThat(done.await(10, TimeUnit.SECONDS)).as("ticks come while the worker is otherwise idle").isTrue();
            Thread.sleep(50);
            assertThat(ticks.get()).as("no tick after it said it was done").isEqualTo(5);
            assertThat(on.get()).isSameAs(w.thread());
        } finally {
            w.stop();
        }
    }
}

