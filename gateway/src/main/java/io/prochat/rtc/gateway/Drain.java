package io.prochat.rtc.gateway;

import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallEndedException;
import io.prochat.rtc.gateway.calls.CallNotFoundException;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.calls.CallState;
import io.prochat.rtc.gateway.web.HuddleRoutes;
import io.prochat.rtc.sfu.room.Rooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The graceful stop: no new calls or joins, every huddle page told, running huddles given up to
 * {@code [Gateway] DrainTimeoutSeconds}, then every huddle still running here ended as DELETE would end it (record,
 * card, room). Jitsi meetings are left running: they live on Jitsi, and a gateway restart must not end a meeting.
 */
public final class Drain {
    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    /** How often the wait looks whether the huddles have emptied. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final CallService calls;
    private final Rooms rooms; // null: no huddle rooms on this gateway
    private final HuddleRoutes huddles; // null likewise
    private final Clock clock;
    private final Duration timeout;

    /** Told of each huddle just before the drain ends it (an SFU node records why in the store). */
    private final java.util.function.Consumer<String> beforeEnding;

    Drain(CallService calls, Rooms rooms, HuddleRoutes huddles, Clock clock, Duration timeout) {
        this(calls, rooms, huddles, clock, timeout, id -> { });
    }

    public Drain(CallService calls, Rooms rooms, HuddleRoutes huddles, Clock clock, Duration timeout,
                 java.util.function.Consumer<String> beforeEnding) {
        this.beforeEnding = beforeEnding;
        this.calls = calls;
        this.rooms = rooms;
        this.huddles = huddles;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Runs the drain on the caller's thread; returns how many huddles it ended. */
    public int run() throws InterruptedException {
        Instant until = clock.instant().plus(timeout);
        calls.startDraining(until);
        int told = huddles == null ? 0 : huddles.announceDraining(until);
        log.info("draining: no new calls or joins; {} people in huddles here ({} pages told), huddles end by {}",
                people(), told, until);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (people() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
        }
        int left = people();
        int ended = 0;
        for (Call call : huddlesHere()) {
            try {
                beforeEnding.accept(call.id());
                calls.end(call.id());
                ended++;
            } catch (CallEndedException | CallNotFoundException e) {
                // ended meanwhile (its last participant left)
            } catch (RuntimeException e) {
                log.warn("draining: could not end huddle {}: {}", call.id(), e.toString());
            }
        }
        log.info("drained: ended {} huddle(s); {} people were still in them", ended, left);
        return ended;
    }

    private int people() {
        return rooms == null ? 0 : rooms.participantCount();
    }

    /** Active SFU calls with a room on this gateway (with a shared store, other gateways' calls are theirs). */
    private List<Call> huddlesHere() {
        if (rooms == null) {
            return List.of();
        }
        return calls.list(null, CallState.ACTIVE, 10_000).stream()
                .filter(c -> c.route().backend() == Backend.SFU && rooms.get(c.id()) != null)
                .toList();
    }
}
