package io.prochat.rtc.gateway.calls;

import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.store.RoomTeardownStore;
import io.prochat.rtc.gateway.store.RoomTeardownStore.Teardown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Destroys the Jitsi rooms of ended calls, from the store's outbox ({@link RoomTeardownStore}): a row is written in
 * the transaction that ends a call, so the room goes even when the gateway dies right after the commit or Prosody is
 * down when the call ends. The end itself tries at once ({@link #tearDown}); what fails is tried again every
 * {@link #INTERVAL}, and as soon as XMPP room control logs in (at start, and again after an outage: {@link #runSoon}),
 * each row at most every
 * 1, 2, 4 … 30 minutes ({@link #backoff}), and given up after {@link #MAX_ATTEMPTS} tries: an ERROR line naming the
 * call, {@code prochat_room_teardowns_total{result="given_up"}}, and the row kept with its {@code given_up_at}.
 *
 * <p>Several gateways may share the store: each attempt is claimed first ({@link RoomTeardownStore#claim}), so only
 * one of them makes it. One daemon thread; the end's own try runs on the ending request's thread.
 */
public final class RoomTeardowns implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoomTeardowns.class);
    /** How often due teardowns are looked for. */
    public static final Duration INTERVAL = Duration.ofSeconds(30);
    /** Tries before giving up: with the back-off, about four hours. */
    static final int MAX_ATTEMPTS = 12;
    /** Rows read at a time. */
    static final int BATCH = 100;

    /** Destroys a room now; a room already gone is success; throws when it could not be done. */
    @FunctionalInterface
    public interface Destroyer {
        void destroy(String room);
    }

    private final RoomTeardownStore store;
    private final Destroyer destroyer;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService thread; // null: runs only when asked (tests)
    private volatile boolean closed;

    /** Without a thread of its own: teardowns are retried only when {@link #runNow} is called. */
    public RoomTeardowns(RoomTeardownStore store, Destroyer destroyer, GatewayMetrics metrics, Clock clock) {
        this(store, destroyer, metrics, clock, null);
    }

    private RoomTeardowns(RoomTeardownStore store, Destroyer destroyer, GatewayMetrics metrics, Clock clock,
                          ScheduledExecutorService thread) {
        this.store = store;
        this.destroyer = destroyer;
        this.metrics = metrics;
        this.clock = clock;
        this.thread = thread;
        metrics.roomTeardownsPendingGauge(store::pending);
    }

    /**
     * Starts the worker: every {@link #INTERVAL}, the first one interval from now. Rooms a previous gateway left are
     * tried as soon as XMPP logs in ({@link #runSoon}, which the gateway wires to the login): a run before it would
     * only spend a try on each.
     */
    public static RoomTeardowns start(RoomTeardownStore store, Destroyer destroyer, GatewayMetrics metrics, Clock clock) {
        return start(store, destroyer, metrics, clock, () -> true);
    }

    /**
     * @param myTurn whether this gateway runs the periodic retries now (of several on one store, the holder of the
     *     sweeper lease: {@link GatewayLeases#sweeperTurn}); an end's own try and the try after an XMPP login do not ask
     */
    public static RoomTeardowns start(RoomTeardownStore store, Destroyer destroyer, GatewayMetrics metrics, Clock clock,
                                      java.util.function.BooleanSupplier myTurn) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "room-teardowns");
            t.setDaemon(true);
            return t;
        });
        RoomTeardowns teardowns = new RoomTeardowns(store, destroyer, metrics, clock, thread);
        thread.scheduleWithFixedDelay(() -> {
            if (myTurn.getAsBoolean()) {
                teardowns.runNow(false);
            }
        }, INTERVAL.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return teardowns;
    }

    /** The first try for a call whose end was just committed, on the caller's thread. Never throws. */
    public void tearDown(String callId) {
        try {
            store.find(callId).filter(t -> t.givenUpAt() == null).ifPresent(t -> attempt(t, now()));
        } catch (RuntimeException e) {
            log.warn("call {}: its room teardown could not be started now, the worker will: {}", callId, e.toString());
        }
    }

    /**
     * Queues the room of a call that has already ended and tries it now, on the caller's thread: its room was made
     * after the end's own teardown ran. Never throws.
     */
    public void requeue(String callId, String room) {
        try {
            store.requeue(callId, room, now());
        } catch (RuntimeException e) {
            log.error("call {}: its Jitsi room {} was made after the call ended and could not be queued for teardown: {}",
                    callId, room, e.toString());
            return;
        }
        tearDown(callId);
    }

    /** Room control is back: every teardown still tried is tried once more now, on the worker's thread. */
    public void runSoon() {
        if (thread == null || closed) {
            return;
        }
        try {
            thread.execute(() -> runNow(true));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * Tries the teardowns that are due ({@code ignoreBackoff}: all not given up), on the caller's thread (the
     * scheduled runs call this too). Never throws.
     */
    public synchronized void runNow(boolean ignoreBackoff) {
        try {
            Instant now = now();
            List<Teardown> due = store.due(ignoreBackoff ? null : now, BATCH);
            for (Teardown t : due) {
                if (closed) {
                    return;
                }
                attempt(t, now);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                log.warn("room teardowns: this run failed, trying again in {} s: {}", INTERVAL.toSeconds(), e.toString());
            }
        }
    }

    private void attempt(Teardown t, Instant now) {
        int attempt = t.attempts() + 1;
        Duration wait = Backoff.afterFailedTry(attempt);
        // counted before the room is touched: a crash during the try still counts it, and another gateway skips it
        if (!store.claim(t.callId(), t.attempts(), now.plus(wait))) {
            return;
        }
        try {
            destroyer.destroy(t.room());
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (attempt >= MAX_ATTEMPTS) {
                store.failed(t.callId(), why, now);
                metrics.roomTeardown("given_up");
                log.error("call {}: gave up destroying its Jitsi room {} after {} tries (since {}); destroy it by hand"
                        + " if it is still there: {}", t.callId(), t.room(), attempt, t.createdAt(), why);
            } else {
                store.failed(t.callId(), why, null);
                metrics.roomTeardown("retried");
                log.warn("call {}: its Jitsi room {} could not be destroyed (try {} of {}), trying again in {} min: {}",
                        t.callId(), t.room(), attempt, MAX_ATTEMPTS, wait.toMinutes(), why);
            }
            return;
        }
        store.done(t.callId());
        metrics.roomTeardown("destroyed");
        if (attempt > 1) {
            log.info("call {}: its Jitsi room {} was destroyed at try {}", t.callId(), t.room(), attempt);
        }
    }

    /** Millisecond precision, as the calls' own times. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** Stops after the teardown being tried, if any. Does not interrupt: a store write is never cut short. */
    @Override
    public void close() {
        closed = true;
        if (thread == null) {
            return;
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("the room teardown worker did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
