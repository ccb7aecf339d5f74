package io.prochat.rtc.gateway.calls;

import io.prochat.rtc.gateway.store.CallStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes the SFU rooms this gateway holds whose calls another gateway ended (a DELETE, a button or a sweep that
 * reached the other one): that gateway has no room to close, so the participants here would stay in a call the store
 * says has ended. Every {@link #INTERVAL} it reads the calls held by this instance that ended lately and closes their
 * rooms through the call's backend (a room already gone is no error). One daemon thread; never throws.
 */
public final class RoomsEndedElsewhere implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoomsEndedElsewhere.class);
    static final Duration INTERVAL = Duration.ofSeconds(2);
    /** How far back ends are looked for: covers clock differences between gateways and a slow store. */
    static final Duration WINDOW = Duration.ofMinutes(2);

    private final CallStore store;
    private final CallService calls;
    private final Clock clock;
    private final String instance;
    private final ScheduledExecutorService thread;
    private final Set<String> closed = new HashSet<>(); // worker thread only

    private RoomsEndedElsewhere(CallStore store, CallService calls, Clock clock, String instance,
                                ScheduledExecutorService thread) {
        this.store = store;
        this.calls = calls;
        this.clock = clock;
        this.instance = instance;
        this.thread = thread;
    }

    public static RoomsEndedElsewhere start(CallStore store, CallService calls, Clock clock, String instance) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rooms-ended-elsewhere");
            t.setDaemon(true);
            return t;
        });
        RoomsEndedElsewhere r = new RoomsEndedElsewhere(store, calls, clock, instance, thread);
        thread.scheduleWithFixedDelay(r::runNow, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return r;
    }

    void runNow() {
        try {
            List<String> ended = store.endedHeldBy(instance, clock.instant().minus(WINDOW));
            closed.retainAll(ended);
            for (String id : ended) {
                if (closed.add(id)) {
                    calls.find(id).ifPresent(call -> calls.backend(call.route().backend()).end(call));
                }
            }
        } catch (RuntimeException e) {
            log.warn("rooms of calls ended by another gateway: this look failed, trying again in {} s: {}",
                    INTERVAL.toSeconds(), e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
