package io.prochat.rtc.testing.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The ordered record of one session's traffic on rtcd's {@code /ws}, as the plugin stand-in saw it; tests wait on
 * it. Thread-safe: the stand-in's reader and relay threads append, any test thread reads or waits.
 */
public final class SessionLog {
    private final String sessionId;
    private final List<SessionEvent> events = new ArrayList<>();

    SessionLog(String sessionId) {
        this.sessionId = sessionId;
    }

    synchronized void add(SessionEvent.Kind kind, String detail) {
        events.add(new SessionEvent(Instant.now(), kind, detail == null ? "" : detail));
        notifyAll();
    }

    public synchronized List<SessionEvent> events() {
        return List.copyOf(events);
    }

    public synchronized long count(SessionEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }

    /** The first event (from the start of the log) of this kind, waiting up to {@code timeout} for it. */
    public SessionEvent await(SessionEvent.Kind kind, Duration timeout) {
        return await(e -> e.kind() == kind, timeout);
    }

    /** Waits until the log holds an event matching {@code match} and returns the first; {@link AssertionError} if not. */
    public synchronized SessionEvent await(Predicate<SessionEvent> match, Duration timeout) {
        return awaitAfter(0, match, timeout);
    }

    /** As {@link #await(Predicate, Duration)}, among the events from index {@code from} on (see {@link #size()}). */
    public synchronized SessionEvent awaitAfter(int from, Predicate<SessionEvent> match, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        while (true) {
            for (int i = from; i < events.size(); i++) {
                if (match.test(events.get(i))) {
                    return events.get(i);
                }
            }
            long left = Duration.between(Instant.now(), end).toMillis();
            if (left <= 0) {
                throw new AssertionError("session " + sessionId + ": no matching event in " + timeout + "; log:\n"
                        + String.join("\n", events.stream().map(SessionEvent::toString).toList()));
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** The number of events so far: a mark for {@link #awaitAfter}. */
    public synchronized int size() {
        return events.size();
    }

    @Override
    public synchronized String toString() {
        return "SessionLog[" + sessionId + ", " + events.size() + " events]";
    }
}
