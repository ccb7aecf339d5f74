package io.prochat.rtc.sfu.room;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.sfu.Sfu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of one {@link Sfu}, and their control thread "sfu-rooms": every join, leave, mute, answer and timer of
 * every room runs on it, in order. It never touches packets; packet threads never wait for it.
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
     * Told on the control thread when the last participant left a room in which someone's media had connected; the
     * room is gone by then. A room whose every first connect failed is forgotten without a word: its call goes on.
     */
    @FunctionalInterface
    public interface Listener {
        void onEmpty(String roomId);
    }

    private final Sfu sfu;
    private final Config config;
    private final Listener listener;
    private final ScheduledExecutorService control;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();

    public Rooms(Sfu sfu, Config config, Listener listener) {
        this.sfu = sfu;
        this.config = config;
        this.listener = listener;
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sfu-rooms");
            t.setDaemon(true);
            return t;
        });
        control.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Config config() {
        return config;
    }

    /** The room with this id, created when absent. */
    public Room open(String id) {
        return rooms.computeIfAbsent(id, k -> new Room(k, sfu, config, control, this));
    }

    /** The room, or null. */
    public Room get(String id) {
        return rooms.get(id);
    }

    /** Ends a room: every participant is told and removed, transports closed. Returns once done. */
    public void close(String id) {
        Room r = rooms.remove(id);
        if (r == null) {
            return;
        }
        if (Thread.currentThread().getName().equals("sfu-rooms")) {
            r.closeNow("call ended"); // called from a room event (a listener ending the call)
            return;
        }
        try {
            control.submit(() -> r.closeNow("call ended")).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("room {}: close failed", id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int roomCount() {
        return rooms.size();
    }

    public int participantCount() {
        int n = 0;
        for (Room r : rooms.values()) {
            n += r.size();
        }
        return n;
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

    private void tick() {
        long now = System.nanoTime();
        for (Room r : rooms.values()) {
            try {
                r.tick(now);
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
        control.shutdown();
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        control.shutdownNow();
    }
}
