package io.prochat.rtc.sfu.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.ice.IceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rooms run on their own serial executors over a shared pool: a room stuck in an operation does not hold up another
 * room, one room's operations still run one at a time and in order, and a room event may end a call.
 */
class RoomExecutorsTest {
    private Sfu sfu;
    private Rooms rooms;
    private final List<String> emptied = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void noCloudMetadata() {
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    }

    @BeforeEach
    void start() throws Exception {
        sfu = Sfu.start(Sfu.Config.of(IceConfig.loopback()));
        rooms = new Rooms(sfu, Rooms.Config.defaults(), emptied::add);
    }

    @AfterEach
    void stop() {
        rooms.close();
        sfu.close();
    }

    /** Holds {@code room}'s control executor until the latch opens: a slow operation (the lock reply runs on it). */
    private static CountDownLatch stall(Room room) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch stalled = new CountDownLatch(1);
        room.lock("nobody", granted -> {
            stalled.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(stalled.await(5, TimeUnit.SECONDS)).as("the stalling operation runs").isTrue();
        return release;
    }

    @Test
    void aRoomStuckInAnOperationDoesNotDelayAnotherRoomsJoin() throws Exception {
        Room slow = rooms.open("slow");
        Room other = rooms.open("other");
        CountDownLatch release = stall(slow);
        RoomSignallingTest.Client waiting = new RoomSignallingTest.Client();
        slow.join(new JoinRequest("ann", "Ann", JoinOffers.chromium(1000), JoinOffers.TRACKS, true, false), waiting);
        RoomSignallingTest.Client bob = new RoomSignallingTest.Client();
        other.join(new JoinRequest("bob", "Bob", JoinOffers.chromium(2000), JoinOffers.TRACKS, true, false), bob);

        assertThat(bob.next(Signal.Joined.class)).as("joined while the other room is stuck").isNotNull();
        bob.next(Signal.Answer.class);
        assertThat(waiting.in).as("the stuck room's join waits its turn").isEmpty();
        release.countDown();
        waiting.next(Signal.Joined.class);
        assertThat(rooms.participantCount()).isEqualTo(2);
    }

    @Test
    void oneRoomsOperationsRunOneAtATimeInTheOrderGiven() throws Exception {
        Room room = rooms.open("r");
        int n = SerialExecutor.BATCH * 5 + 7; // across several runs of the executor
        List<Integer> order = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(n);
        // the room's ticks are queued on the same executor meanwhile; a second room keeps the pool's other thread busy
        CountDownLatch release = stall(rooms.open("busy"));
        for (int i = 0; i < n; i++) {
            int seq = i;
            room.lock("nobody", granted -> {
                overlapped.compareAndSet(false, running.incrementAndGet() > 1);
                threads.add(Thread.currentThread().getName());
                order.add(seq);
                running.decrementAndGet();
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertThat(order).isEqualTo(expected);
        assertThat(overlapped).isFalse();
        assertThat(threads).allMatch(t -> t.startsWith("sfu-rooms-"));
    }

    @Test
    void operationsFromManyThreadsNeverOverlapWithinARoom() throws Exception {
        Room room = rooms.open("r");
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        int perThread = 500;
        CountDownLatch done = new CountDownLatch(4 * perThread);
        List<List<Integer>> seen = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            seen.add(new CopyOnWriteArrayList<>());
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int tt = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int seq = i;
                    room.lock("nobody", g -> {
                        overlapped.compareAndSet(false, running.incrementAndGet() > 1);
                        seen.get(tt).add(seq);
                        running.decrementAndGet();
                        done.countDown();
                    });
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(overlapped).isFalse();
        for (List<Integer> s : seen) { // each caller's operations in the order it gave them
            assertThat(s).isSorted().hasSize(perThread);
        }
    }

    @Test
    void aRoomEventMayEndItsOwnCallAndAnother() throws Exception {
        Room a = rooms.open("a");
        Room b = rooms.open("b");
        RoomSignallingTest.Client bob = new RoomSignallingTest.Client();
        b.join(new JoinRequest("bob", "Bob", JoinOffers.chromium(2000), JoinOffers.TRACKS, true, false), bob);
        bob.next(Signal.Joined.class);
        CountDownLatch returned = new CountDownLatch(1);
        a.lock("nobody", g -> {
            rooms.close("b"); // another room's close is queued, not waited for
            rooms.close("a"); // its own close runs at once
            returned.countDown();
        });
        assertThat(returned.await(5, TimeUnit.SECONDS)).as("neither close waits on a control thread").isTrue();
        assertThat(bob.next(Signal.Closed.class).reason()).isEqualTo("call ended");
        assertThat(rooms.get("a")).isNull();
        assertThat(rooms.get("b")).isNull();
        assertThat(rooms.participantCount()).isZero();
    }
}
