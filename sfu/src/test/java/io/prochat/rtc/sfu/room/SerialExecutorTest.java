package io.prochat.rtc.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A room's serial executor: tasks given first (answers) overtake the plain ones queued (joins), keeping their order. */
class SerialExecutorTest {
    @Test
    void firstTasksRunBeforeQueuedPlainOnesInTheirOwnOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            SerialExecutor room = new SerialExecutor(pool, "room");
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            room.execute(() -> {
                running.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            room.execute(() -> order.add("join 1"));
            room.execute(() -> order.add("join 2"));
            room.executeFirst(() -> order.add("answer 1"));
            room.executeFirst(() -> order.add("answer 2"));
            room.execute(done::countDown);
            assertThat(room.drained()).isFalse();
            release.countDown();
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(order).containsExactly("answer 1", "answer 2", "join 1", "join 2");
        } finally {
            pool.shutdownNow();
        }
    }
}
