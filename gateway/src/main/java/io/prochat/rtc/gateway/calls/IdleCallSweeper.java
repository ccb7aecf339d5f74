package io.prochat.rtc.gateway.calls;

import io.prochat.rtc.gateway.backend.LiveRoom;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends calls nobody uses. Every {@link #INTERVAL} it looks into each active call's room ({@link CallService#live})
 * and ends, through {@link CallService#end} so that the record, the room and the listeners (the Mattermost card)
 * all follow:
 * <ul>
 *   <li>a call seen occupied and then empty for {@code endEmptyAfter} ({@code [Gateway] EndEmptyCallsAfterMinutes}):
 *       everyone walked away;</li>
 *   <li>a call never seen occupied for {@code endUnusedAfter} ({@code [Gateway] EndUnusedCallsAfterHours}), counted
 *       from its creation or this sweeper's start, whichever is later: after a restart, old calls get the full time
 *       again instead of all ending at once.</li>
 * </ul>
 * Empty means no occupants, or only Jitsi's focus where the names are known. A room whose backend cannot tell
 * ({@link LiveRoom} null or without a count: the SFU today, Jitsi without XMPP room control or while XMPP is down)
 * is never ended on that basis, and such a look restarts the count: the room may have been used unseen.
 *
 * <p>One daemon thread. A failing sweep, or call, is logged and the next goes ahead. What it remembers of a call
 * is dropped once the call is no longer active.
 */
public final class IdleCallSweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IdleCallSweeper.class);
    /** How often rooms are looked at: the timeouts are counted in minutes and hours. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);
    /** Active calls read from the store at a time. */
    static final int PAGE = 200;
    /** Jicofo's nickname in every conference room; it may stay a while after the last person has left. */
    static final String FOCUS = "focus";

    private enum Look { CANNOT_TELL, EMPTY, OCCUPIED }

    /** What is known of one call: whether anyone was seen in it, and since when it has been empty (null: not empty). */
    private record Watch(boolean used, Instant emptySince) {
    }

    private final CallService calls;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final Duration endEmptyAfter;
    private final Duration endUnusedAfter;
    private final Instant startedAt;
    private final Map<String, Watch> watches = new HashMap<>(); // guarded by this
    private final ScheduledExecutorService thread;              // null: sweeps only when asked (tests)
    private volatile SweepScope scope = SweepScope.ALL;
    private volatile boolean closed;

    /** A sweeper without a thread of its own: it sweeps when {@link #sweepNow()} is called. */
    IdleCallSweeper(CallService calls, GatewayMetrics metrics, Clock clock, Duration endEmptyAfter,
                    Duration endUnusedAfter) {
        this(calls, metrics, clock, endEmptyAfter, endUnusedAfter, null);
    }

    private IdleCallSweeper(CallService calls, GatewayMetrics metrics, Clock clock, Duration endEmptyAfter,
                            Duration endUnusedAfter, ScheduledExecutorService thread) {
        this.calls = calls;
        this.metrics = metrics;
        this.clock = clock;
        this.endEmptyAfter = endEmptyAfter;
        this.endUnusedAfter = endUnusedAfter;
        this.startedAt = clock.instant();
        this.thread = thread;
    }

    /**
     * Starts sweeping every {@link #INTERVAL}, the first time one interval from now.
     *
     * @param endEmptyAfter  how long a call that was used may stay empty; zero = forever
     * @param endUnusedAfter how long a call nobody was seen in may stay; zero = forever
     * @return the running sweeper; null when both are zero (nothing to do)
     */
    public static IdleCallSweeper start(CallService calls, GatewayMetrics metrics, Clock clock,
                                        Duration endEmptyAfter, Duration endUnusedAfter) {
        if (endEmptyAfter.isZero() && endUnusedAfter.isZero()) {
            log.info("idle calls are never ended ([Gateway] EndEmptyCallsAfterMinutes and EndUnusedCallsAfterHours are 0)");
            return null;
        }
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idle-calls");
            t.setDaemon(true);
            return t;
        });
        IdleCallSweeper sweeper = new IdleCallSweeper(calls, metrics, clock, endEmptyAfter, endUnusedAfter, thread);
        thread.scheduleWithFixedDelay(sweeper::sweepNow, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        log.info("idle calls: those empty after use {}, those never used {}", rule(endEmptyAfter), rule(endUnusedAfter));
        return sweeper;
    }

    /**
     * With several gateways on one store, which calls this one may judge ({@link GatewayLeases}): a call whose room
     * is on another live gateway is not empty for this one, and must not be ended by it.
     */
    public IdleCallSweeper scope(SweepScope scope) {
        this.scope = scope;
        return this;
    }

    /** Looks at every active call once, on the caller's thread (the scheduled sweeps run this too). Never throws. */
    public synchronized void sweepNow() {
        try {
            sweep();
        } catch (RuntimeException e) {
            if (!closed) {
                log.warn("idle-call sweep failed, trying again in {}: {}", words(INTERVAL), e.toString());
            }
        }
    }

    private void sweep() {
        Instant now = clock.instant();
        Set<String> active = new HashSet<>();
        java.util.function.Predicate<Call> mine = scope.begin();
        Call after = null;
        List<Call> page;
        do {
            page = calls.list(null, CallState.ACTIVE, after, PAGE);
            for (Call call : page) {
                if (closed) {
                    return;
                }
                if (!mine.test(call)) {
                    continue; // forgotten below: judged afresh, with full time, if it becomes this gateway's
                }
                active.add(call.id());
                try {
                    lookAt(call, now);
                } catch (RuntimeException e) {
                    log.warn("idle-call sweep: call {} skipped: {}", call.id(), e.toString());
                }
            }
            after = page.isEmpty() ? null : page.get(page.size() - 1);
        } while (page.size() == PAGE);
        watches.keySet().retainAll(active);
    }

    private void lookAt(Call call, Instant now) {
        Watch before = watches.get(call.id());
        boolean used = before != null && before.used();
        Watch watch = switch (classify(calls.live(call))) {
            case CANNOT_TELL -> new Watch(used, null);
            case OCCUPIED -> new Watch(true, null);
            case EMPTY -> new Watch(used, emptySince(call, before, now));
        };
        watches.put(call.id(), watch);
        if (watch.emptySince() == null) {
            return;
        }
        Duration limit = watch.used() ? endEmptyAfter : endUnusedAfter;
        if (!limit.isZero() && !now.isBefore(watch.emptySince().plus(limit))) {
            end(call, watch, now);
        }
    }

    private Instant emptySince(Call call, Watch before, Instant now) {
        if (before == null) { // first look: nobody seen yet, so it has been unused since it began (for us)
            return call.createdAt().isAfter(startedAt) ? call.createdAt() : startedAt;
        }
        // still empty; or just emptied, or seen again after its backend could not tell
        return before.emptySince() != null ? before.emptySince() : now;
    }

    private static Look classify(LiveRoom live) {
        if (live == null || live.occupants() == null) {
            return Look.CANNOT_TELL;
        }
        if (live.occupants() == 0) {
            return Look.EMPTY;
        }
        List<String> names = live.names();
        boolean onlyFocus = names != null && !names.isEmpty() && names.stream().allMatch(FOCUS::equals);
        return onlyFocus ? Look.EMPTY : Look.OCCUPIED;
    }

    private void end(Call call, Watch watch, Instant now) {
        try {
            calls.end(call.id());
        } catch (CallEndedException | CallNotFoundException e) {
            watches.remove(call.id()); // ended some other way meanwhile
            return;
        }
        watches.remove(call.id());
        String reason = watch.used() ? "empty" : "unused";
        metrics.callSwept(reason);
        Duration idle = Duration.between(watch.emptySince(), now);
        if (watch.used()) {
            log.info("call {} ended: empty for {} min ([Gateway] EndEmptyCallsAfterMinutes = {})", call.id(),
                    idle.toMinutes(), endEmptyAfter.toMinutes());
        } else {
            log.info("call {} ended: unused for {} h, nobody was seen in it ([Gateway] EndUnusedCallsAfterHours = {})",
                    call.id(), idle.toHours(), endUnusedAfter.toHours());
        }
    }

    /** How many calls are remembered: at most the active ones. */
    synchronized int watched() {
        return watches.size();
    }

    private static String rule(Duration d) {
        return d.isZero() ? "are kept" : "end after " + words(d);
    }

    private static String words(Duration d) {
        return d.toMinutesPart() == 0 && d.toHours() > 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    /** Stops after the call being looked at, if any. Does not interrupt: a store write is never cut short. */
    @Override
    public void close() {
        closed = true;
        if (thread == null) {
            return;
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("the idle-call sweeper did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
