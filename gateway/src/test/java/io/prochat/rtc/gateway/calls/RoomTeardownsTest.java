package io.prochat.rtc.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.prochat.rtc.gateway.MutableClock;
import io.prochat.rtc.gateway.api.Json;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.gateway.config.StoreConfig;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.store.CallStore;
import io.prochat.rtc.gateway.store.Database;
import io.prochat.rtc.gateway.store.RoomTeardownStore;
import io.prochat.rtc.gateway.store.RoomTeardownStore.Teardown;
import io.prochat.rtc.gateway.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The teardown outbox with time moved by hand: a real store, and a room destroyer that fails while the test says
 * XMPP is down. Back-off between tries, giving up visibly, the metric, and a second worker on the same store.
 */
class RoomTeardownsTest {
    private static final Instant T0 = Instant.parse("2030-01-06T09:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final FlakyXmpp xmpp = new FlakyXmpp();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Database db;
    private GatewayMetrics metrics;
    private CallStore calls;
    private RoomTeardownStore store;
    private RoomTeardowns teardowns;

    @BeforeEach
    void start() {
        db = Database.open(new StoreConfig(dir.resolve("store").toString()).jdbcUrl());
        metrics = new GatewayMetrics();
        calls = new CallStore(db, Json.mapper());
        store = new RoomTeardownStore(db);
        teardowns = new RoomTeardowns(store, xmpp, metrics, clock);
        logged.start();
        ((Logger) LoggerFactory.getLogger(RoomTeardowns.class)).addAppender(logged);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(RoomTeardowns.class)).detachAppender(logged);
        metrics.close();
        db.close();
    }

    /** A Jitsi room's destroy over XMPP: fails while {@code down}, records what it destroyed. */
    private static final class FlakyXmpp implements RoomTeardowns.Destroyer {
        volatile boolean down;
        final List<String> tries = new ArrayList<>();
        final List<String> destroyed = new ArrayList<>();

        @Override
        public synchronized void destroy(String room) {
            tries.add(room);
            if (down) {
                throw new IllegalStateException("XMPP room control unavailable (connection refused)");
            }
            destroyed.add(room);
        }
    }

    /** A Jitsi call ended as {@link CallService#end} ends it: the room queued in the end's transaction. */
    private String endedCall(String id) {
        calls.insert(new Call(id, CallKind.MEETING, new Route(CallKind.MEETING, Backend.JITSI, "a meeting", false,
                RoutingMode.JITSI_ONLY), "Board", "ch-1", new Person("u1", "Ann", null, null), CallNeeds.NONE,
                "room-" + id, "https://meet.example.org/room-" + id, CallState.ACTIVE, clock.instant(), null));
        assertThat(calls.markEnded(id, clock::instant, "room-" + id)).isPresent();
        return id;
    }

    private double count(String result) {
        var c = metrics.registry().find("prochat_room_teardowns").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    private Teardown row(String id) {
        return store.find(id).orElseThrow();
    }

    @Test
    void theBackOffDoublesFromOneMinuteToThirty() {
        List<Long> minutes = new ArrayList<>();
        for (int n = 1; n <= RoomTeardowns.MAX_ATTEMPTS; n++) {
            minutes.add(Backoff.afterFailedTry(n).toMinutes());
        }
        assertThat(minutes).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L, 30L, 30L, 30L, 30L);
    }

    @Test
    void aRoomDestroyedAtTheEndLeavesNoRow() {
        String id = endedCall("c1");
        assertThat(store.find(id)).as("queued with the end").isPresent();
        teardowns.tearDown(id);
        assertThat(xmpp.destroyed).containsExactly("room-c1");
        assertThat(store.find(id)).isEmpty();
        assertThat(count("destroyed")).isEqualTo(1);
        assertThat(store.pending()).isZero();
    }

    @Test
    void aFailedTeardownIsTriedAgainAfterItsBackOffUntilXmppIsBack() {
        xmpp.down = true;
        String id = endedCall("c1");
        teardowns.tearDown(id);
        assertThat(row(id).attempts()).isEqualTo(1);
        assertThat(row(id).lastError()).contains("unavailable");
        assertThat(row(id).nextAttemptAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(count("retried")).isEqualTo(1);

        teardowns.runNow(false);
        clock.advance(Duration.ofSeconds(59));
        teardowns.runNow(false);
        assertThat(xmpp.tries).as("not before its minute").hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        teardowns.runNow(false);
        assertThat(xmpp.tries).hasSize(2);
        assertThat(row(id).nextAttemptAt()).as("then two minutes").isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));

        xmpp.down = false;
        clock.advance(Duration.ofMinutes(1));
        teardowns.runNow(false);
        assertThat(xmpp.destroyed).as("still inside its back-off").isEmpty();
        teardowns.runNow(true); // what a fresh XMPP login asks for: back now, so try everything at once
        assertThat(xmpp.destroyed).containsExactly("room-c1");
        assertThat(store.find(id)).isEmpty();
        assertThat(count("retried")).isEqualTo(2);
        assertThat(count("destroyed")).isEqualTo(1);
        assertThat(metrics.scrape()).contains("prochat_room_teardowns_pending 0.0");
    }

    @Test
    void afterTwelveTriesItGivesUpVisiblyAndTriesNoMore() {
        xmpp.down = true;
        String id = endedCall("c-doomed");
        teardowns.tearDown(id);
        for (int n = 1; n < RoomTeardowns.MAX_ATTEMPTS; n++) {
            assertThat(metrics.scrape()).contains("prochat_room_teardowns_pending 1.0");
            clock.advance(Backoff.afterFailedTry(n));
            teardowns.runNow(false);
        }
        assertThat(xmpp.tries).hasSize(RoomTeardowns.MAX_ATTEMPTS);
        Teardown given = row(id);
        assertThat(given.attempts()).isEqualTo(12);
        assertThat(given.givenUpAt()).isEqualTo(clock.instant());
        assertThat(count("retried")).isEqualTo(11);
        assertThat(count("given_up")).isEqualTo(1);
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("c-doomed", "room-c-doomed", "12 tries"));

        clock.advance(Duration.ofDays(1));
        teardowns.runNow(false);
        teardowns.runNow(true);
        assertThat(xmpp.tries).as("given up: never tried again").hasSize(12);
        assertThat(store.pending()).isZero();
    }

    @Test
    void aWorkerOnTheSameStoreDestroysWhatAnEndCommittedButNeverDestroyed() {
        String id = endedCall("c-crash"); // committed; the gateway died before its own try
        teardowns.close();
        db.close();

        db = Database.open(new StoreConfig(dir.resolve("store").toString()).jdbcUrl());
        RoomTeardowns next = new RoomTeardowns(new RoomTeardownStore(db), xmpp, metrics, clock);
        next.runNow(false);
        assertThat(xmpp.destroyed).containsExactly("room-c-crash");
        assertThat(new RoomTeardownStore(db).find(id)).isEmpty();
    }

    @Test
    void twoWorkersNeverTryTheSameAttemptTwice() {
        String id = endedCall("c1");
        Teardown seen = row(id);
        assertThat(store.claim(id, seen.attempts(), T0.plusSeconds(60))).isTrue();
        assertThat(store.claim(id, seen.attempts(), T0.plusSeconds(60))).as("the other worker read the same row").isFalse();
        teardowns.runNow(false);
        assertThat(xmpp.tries).as("claimed, not due until its minute").isEmpty();
    }

    @Test
    void theEndAndItsQueuedTeardownCommitTogether() {
        calls.insert(new Call("c1", CallKind.MEETING, new Route(CallKind.MEETING, Backend.JITSI, "a meeting", false,
                RoutingMode.JITSI_ONLY), "Board", "ch-1", new Person("u1", "Ann", null, null), CallNeeds.NONE,
                "room-c1", "https://meet.example.org/room-c1", CallState.ACTIVE, T0, null));
        String tooLong = "r".repeat(200); // the room column holds 128: the queued row cannot be written
        assertThatThrownBy(() -> calls.markEnded("c1", clock::instant, tooLong)).isInstanceOf(StoreException.class);
        assertThat(calls.find("c1").orElseThrow().state()).as("no end without its teardown").isEqualTo(CallState.ACTIVE);

        assertThat(calls.markEnded("c1", clock::instant, "room-c1")).isPresent();
        assertThat(calls.markEnded("c1", clock::instant, "room-c1")).as("ended once, queued once").isEmpty();
        assertThat(store.due(null, 10)).extracting(Teardown::callId).containsExactly("c1");
    }
}
