package io.prochat.rtc.sfu.room;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.prochat.rtc.sfu.Sfu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of one {@link Sfu}, and the pool their control work runs on ("sfu-rooms-N", one thread per core, at
 * least two). Each room has its own {@link SerialExecutor} over the pool: every join, leave, mute, answer and timer
 * of one room runs in order, one at a time, while other rooms progress on the other threads. Control work never
 * touches packets; packet threads never wait for it.
 *
 * <pre>{@code
 * Rooms rooms = new Rooms(sfu, Rooms.Config.defaults(), roomId -> calls.end(roomId));
 * rooms.open("call-1").join(new JoinRequest("u1", "Ann", offerSdp, Map.of("0", "mic", "1", "camera"), true, true),
 *         signal -> websocket.send(json(signal)));
 * }</pre>
 */
public final class Rooms implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rooms.class);
    static final Duration TICK = Duration.ofMillis(200);

    /**
     * @param maxParticipants per room; one more is refused with {@code room_full} (rtcd's MaxCallParticipants)
     * @param reconnectGrace how long a session whose WebSocket dropped keeps its media, waiting for a resume
     * @param nackHistory packets kept per video stream to answer NACKs (a power of two; 512 ≈ 4 s of camera video)
     * @param maxServerParticipants in all rooms at once (admission: the node's guard against overload and join spam)
     * @param maxSessionsPerUser sessions one user id may hold in one room (tabs and devices, not a flood)
     */
    public record Config(int maxParticipants, Duration reconnectGrace, int nackHistory, int maxServerParticipants,
            int maxSessionsPerUser) {
        public static Config defaults() {
            return new Config(100, Duration.ofSeconds(30), 512, 500, 4);
        }

        public Config withMaxParticipants(int max) {
            return new Config(max, reconnectGrace, nackHistory, maxServerParticipants, maxSessionsPerUser);
        }

        public Config withReconnectGrace(Duration grace) {
            return new Config(maxParticipants, grace, nackHistory, maxServerParticipants, maxSessionsPerUser);
        }

        /** Participants in all rooms at once; one more is refused with {@code server_full}. */
        public Config withMaxServerParticipants(int max) {
            return new Config(maxParticipants, reconnectGrace, nackHistory, max, maxSessionsPerUser);
        }
    }

    /**
     * Told on the room's control executor when the last participant left a room in which someone's media had connected; the
     * room is gone by then. A room whose every first connect failed is forgotten without a word: its call goes on.
     */
    @FunctionalInterface
    public interface Listener {
        void onEmpty(String roomId);
    }

    private final Sfu sfu;
    private final Config config;
    private final Listener listener;
    /** Control threads: one per core, and two at least, so one slow room never stops all the others. */
    static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private final ScheduledThreadPoolExecutor pool;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    /** Participants in all rooms, reserved before a join's transport exists (admission, see {@link #admit}). */
    private final AtomicInteger participants = new AtomicInteger();

    public Rooms(Sfu sfu, Config config, Listener listener) {
        this.sfu = sfu;
        this.config = config;
        this.listener = listener;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ScheduledThreadPoolExecutor(THREADS, r -> {
            Thread t = new Thread(r, "sfu-rooms-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // a closed room's delayed forgets are moot
        pool.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Config config() {
        return config;
    }

    /** The room with this id, created when absent. */
    public Room open(String id) {
        return rooms.computeIfAbsent(id, k -> new Room(k, sfu, config, pool, this));
    }

    /** The room, or null. */
    public Room get(String id) {
        return rooms.get(id);
    }

    /**
     * Ends a room: every participant is told and removed, transports closed. Returns once done, except when called
     * from another room's event: a control thread never waits for another room (all threads waiting on each other
     * would stop every room), so there it only queues the close.
     */
    public void close(String id) {
        Room r = rooms.remove(id);
        if (r == null) {
            return;
        }
        if (r.onItsControl()) {
            r.closeNow("call ended"); // called from one of its own events (a listener ending the call)
            return;
        }
        java.util.concurrent.CompletableFuture<Void> done;
        try {
            done = java.util.concurrent.CompletableFuture.runAsync(() -> r.closeNow("call ended"), r.control());
        } catch (RejectedExecutionException e) {
            LOG.debug("room {}: not closed, the rooms are shut down", id);
            return;
        }
        if (onAnyControl()) {
            return;
        }
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("room {}: close failed", id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean onAnyControl() {
        for (Room r : rooms.values()) {
            if (r.onItsControl()) {
                return true;
            }
        }
        return Thread.currentThread().getName().startsWith("sfu-rooms-");
    }

    /**
     * Reserves a place for one more participant on this server; false when {@link Config#maxServerParticipants} are
     * already in. Rooms join in parallel, so the count is taken here, atomically, not summed from the rooms.
     */
    boolean admit() {
        while (true) {
            int n = participants.get();
            if (n >= config.maxServerParticipants()) {
                return false;
            }
            if (participants.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A place {@link #admit}ted is free again (the participant left, or its join failed). */
    void release() {
        participants.decrementAndGet();
    }

    public int roomCount() {
        return rooms.size();
    }

    public int participantCount() {
        return participants.get();
    }

    /** The last participant left {@code r}: it is forgotten, and the listener told when someone had connected. */
    void empty(Room r, boolean used) {
        if (rooms.remove(r.id(), r) && used) {
            try {
                listener.onEmpty(r.id());
            } catch (RuntimeException e) {
                LOG.warn("room {}: empty listener failed", r.id(), e);
            }
        }
    }

    /** Queues each room's tick on its own executor; a room whose last tick has not run yet is not queued another. */
    private void tick() {
        for (Room r : rooms.values()) {
            try {
                r.queueTick();
            } catch (RejectedExecutionException e) {
                return; // shutting down
            } catch (RuntimeException e) {
                LOG.warn("room {}: tick failed", r.id(), e);
            }
        }
    }

    @Override
    public void close() {
        for (String id : rooms.keySet()) {
            close(id);
        }
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
    }
}
