package io.prochat.rtc.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.prochat.rtc.gateway.MutableClock;
import io.prochat.rtc.gateway.api.Json;
import io.prochat.rtc.gateway.backend.CallBackend;
import io.prochat.rtc.gateway.backend.LiveRoom;
import io.prochat.rtc.gateway.backend.PersonalJoin;
import io.prochat.rtc.gateway.backend.PlacedRoom;
import io.prochat.rtc.gateway.backend.RoomRequest;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.gateway.config.StoreConfig;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.routing.BackendStatus;
import io.prochat.rtc.gateway.routing.Router;
import io.prochat.rtc.gateway.store.CallStore;
import io.prochat.rtc.gateway.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle-call rules, with time driven by hand: a real call service and store, and a Jitsi backend whose
 * rooms say whatever the test sets.
 */
class IdleCallSweeperTest {
    private static final Instant T0 = Instant.parse("2030-01-06T09:00:00Z");
    private static final LiveRoom EMPTY = new LiveRoom(0, List.of(), null);
    private static final LiveRoom TWO = new LiveRoom(2, null, null);
    private static final LiveRoom CANNOT_TELL = new LiveRoom(null, null, "XMPP room control unavailable (test)");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final StubJitsi jitsi = new StubJitsi();
    private final List<Call> notified = new ArrayList<>();
    private Database db;
    private GatewayMetrics metrics;
    private CallService calls;

    @BeforeEach
    void start() {
        db = Database.open(new StoreConfig(dir.resolve("store").toString()).jdbcUrl());
        metrics = new GatewayMetrics();
        calls = new CallService(List.of(jitsi), health -> new Router(RoutingMode.JITSI_ONLY, 10, 100, health),
                new CallStore(db, Json.mapper()), metrics, clock);
        calls.addListener((call, participants) -> notified.add(call));
    }

    @AfterEach
    void stop() {
        metrics.close();
        db.close();
    }

    private IdleCallSweeper sweeper(int emptyMinutes, int unusedHours) {
        return new IdleCallSweeper(calls, metrics, clock, Duration.ofMinutes(emptyMinutes), Duration.ofHours(unusedHours));
    }

    private String meeting() {
        Person alice = new Person("u-alice", "Alice", null, null);
        return calls.create(new NewCall(CallKind.MEETING, "Standup", "ch-1", "town-square", "team", alice,
                CallNeeds.NONE)).call().id();
    }

    private CallState state(String id) {
        return calls.get(id).state();
    }

    /** Moves the clock in one-minute sweeps, as the running sweeper would. */
    private void sweepFor(IdleCallSweeper sweeper, Duration d) {
        for (long m = 0; m < d.toMinutes(); m++) {
            clock.advance(Duration.ofMinutes(1));
            sweeper.sweepNow();
        }
    }

    @Test
    void aCallEveryoneLeftEndsOnceItHasBeenEmptyForTheTimeoutAndNotBefore() {
        IdleCallSweeper sweeper = sweeper(30, 24);
        String id = meeting();
        jitsi.rooms.put(id, TWO);
        sweeper.sweepNow();

        clock.advance(Duration.ofMinutes(5));
        jitsi.rooms.put(id, EMPTY);
        sweeper.sweepNow(); // empty since T0 + 5 min
        sweepFor(sweeper, Duration.ofMinutes(29));
        assertThat(state(id)).isEqualTo(CallState.ACTIVE);
        assertThat(notified).isEmpty();

        sweepFor(sweeper, Duration.ofMinutes(1));

        Call ended = calls.get(id);
        assertThat(ended.state()).isEqualTo(CallState.ENDED);
        assertThat(ended.endedAt()).isEqualTo(T0.plus(Duration.ofMinutes(35)));
        assertThat(ended.duration(clock.instant())).isEqualTo(Duration.ofMinutes(35));
        assertThat(jitsi.ended).containsExactly(id);
        assertThat(notified).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(id);
            assertThat(c.state()).isEqualTo(CallState.ENDED);
        });
        assertThat(metrics.scrape()).contains("prochat_calls_swept_total{reason=\"empty\"} 1.0")
                .contains("prochat_calls_ended_total{backend=\"jitsi\"} 1.0");
        assertThat(sweeper.watched()).isZero();
    }

    @Test
    void aCallNobodyJoinedEndsAfterTheUnusedTimeoutCountedFromTheSweepersStartOrItsCreation() {
        String before = meeting(); // created 2 h before the sweeper starts, as if before a restart
        clock.advance(Duration.ofHours(2));
        IdleCallSweeper sweeper = sweeper(30, 24);
        clock.advance(Duration.ofHours(1));
        String after = meeting(); // created 1 h after the start
        jitsi.rooms.put(before, EMPTY);
        jitsi.rooms.put(after, EMPTY);

        clock.advance(Duration.ofHours(23).minusMinutes(1)); // 25 h after `before` was created, 23:59 after the start
        sweeper.sweepNow();
        assertThat(state(before)).isEqualTo(CallState.ACTIVE);

        clock.advance(Duration.ofMinutes(1));
        sweeper.sweepNow();
        assertThat(state(before)).isEqualTo(CallState.ENDED);
        assertThat(state(after)).isEqualTo(CallState.ACTIVE);

        clock.advance(Duration.ofHours(1));
        sweeper.sweepNow();
        assertThat(state(after)).isEqualTo(CallState.ENDED);
        assertThat(calls.get(after).duration(clock.instant())).isEqualTo(Duration.ofHours(24));
        assertThat(notified).extracting(Call::id).containsExactly(before, after);
        assertThat(metrics.scrape()).contains("prochat_calls_swept_total{reason=\"unused\"} 2.0");
    }

    @Test
    void occupiedCallsStayHoweverLongTheyRun() {
        IdleCallSweeper sweeper = sweeper(30, 24);
        String withNames = meeting();
        String withCount = meeting();
        jitsi.rooms.put(withNames, new LiveRoom(2, List.of("focus", "a1b2c3d4"), null));
        jitsi.rooms.put(withCount, new LiveRoom(1, null, null)); // maybe only the focus, but nobody can tell

        for (int hour = 0; hour < 49; hour++) {
            clock.advance(Duration.ofHours(1));
            sweeper.sweepNow();
        }

        assertThat(state(withNames)).isEqualTo(CallState.ACTIVE);
        assertThat(state(withCount)).isEqualTo(CallState.ACTIVE);
        assertThat(sweeper.watched()).isEqualTo(2);
    }

    @Test
    void aRoomWhoseBackendCannotTellIsNeverEnded() {
        IdleCallSweeper sweeper = sweeper(30, 24);
        String noAnswer = meeting();
        String noCount = meeting();
        jitsi.rooms.put(noAnswer, null);
        jitsi.rooms.put(noCount, CANNOT_TELL);

        clock.advance(Duration.ofDays(3));
        sweeper.sweepNow();

        assertThat(state(noAnswer)).isEqualTo(CallState.ACTIVE);
        assertThat(state(noCount)).isEqualTo(CallState.ACTIVE);
    }

    @Test
    void aLookThatCannotTellRestartsTheCount() {
        IdleCallSweeper sweeper = sweeper(30, 24);
        String id = meeting();
        jitsi.rooms.put(id, TWO);
        sweeper.sweepNow();
        jitsi.rooms.put(id, EMPTY);
        sweepFor(sweeper, Duration.ofMinutes(20));
        jitsi.rooms.put(id, CANNOT_TELL); // people may have come and gone meanwhile
        sweepFor(sweeper, Duration.ofMinutes(20));
        jitsi.rooms.put(id, EMPTY);
        sweeper.sweepNow(); // empty again from now, 40 min after it was first seen empty

        sweepFor(sweeper, Duration.ofMinutes(29));
        assertThat(state(id)).isEqualTo(CallState.ACTIVE);
        sweepFor(sweeper, Duration.ofMinutes(1));
        assertThat(state(id)).isEqualTo(CallState.ENDED);
    }

    @Test
    void onlyJitsisFocusLeftCountsAsEmpty() {
        IdleCallSweeper sweeper = sweeper(30, 24);
        String id = meeting();
        jitsi.rooms.put(id, new LiveRoom(2, List.of("focus", "a1b2c3d4"), null));
        sweeper.sweepNow();
        jitsi.rooms.put(id, new LiveRoom(1, List.of("focus"), null));
        sweeper.sweepNow();

        sweepFor(sweeper, Duration.ofMinutes(30));

        assertThat(state(id)).isEqualTo(CallState.ENDED);
        assertThat(metrics.scrape()).contains("prochat_calls_swept_total{reason=\"empty\"} 1.0");
    }

    @Test
    void zeroTurnsEachRuleOff() {
        String used = meeting();
        String unused = meeting();
        jitsi.rooms.put(used, TWO);
        jitsi.rooms.put(unused, EMPTY);
        IdleCallSweeper neither = sweeper(0, 0);
        IdleCallSweeper onlyUnused = sweeper(0, 24);
        IdleCallSweeper onlyEmpty = sweeper(30, 0);
        neither.sweepNow();
        onlyUnused.sweepNow();
        onlyEmpty.sweepNow();
        jitsi.rooms.put(used, EMPTY);

        clock.advance(Duration.ofDays(30));
        neither.sweepNow();
        neither.sweepNow();
        assertThat(state(used)).isEqualTo(CallState.ACTIVE);
        assertThat(state(unused)).isEqualTo(CallState.ACTIVE);

        onlyEmpty.sweepNow(); // the used call: empty from now on
        assertThat(state(unused)).isEqualTo(CallState.ACTIVE);
        onlyUnused.sweepNow();
        assertThat(state(used)).isEqualTo(CallState.ACTIVE);
        assertThat(state(unused)).isEqualTo(CallState.ENDED);

        clock.advance(Duration.ofMinutes(30));
        onlyUnused.sweepNow();
        assertThat(state(used)).isEqualTo(CallState.ACTIVE);
        onlyEmpty.sweepNow();
        assertThat(state(used)).isEqualTo(CallState.ENDED);
    }

    @Test
    void aFailingBackendNeitherStopsTheSweepNorKeepsOtherCallsRunning() {
        IdleCallSweeper sweeper = sweeper(30, 24);
        String unreadable = meeting();
        String undestroyable = meeting();
        jitsi.rooms.put(unreadable, EMPTY);
        jitsi.rooms.put(undestroyable, EMPTY);
        jitsi.failing.add(unreadable);
        jitsi.endFails.add(undestroyable);

        clock.advance(Duration.ofHours(24));
        sweeper.sweepNow();

        assertThat(state(unreadable)).isEqualTo(CallState.ACTIVE);
        assertThat(state(undestroyable)).isEqualTo(CallState.ENDED); // the record ends even when the room does not
        assertThat(notified).extracting(Call::id).containsExactly(undestroyable);

        jitsi.failing.clear();
        sweeper.sweepNow(); // a failed look restarts the count
        assertThat(state(unreadable)).isEqualTo(CallState.ACTIVE);
        clock.advance(Duration.ofHours(24));
        sweeper.sweepNow();
        assertThat(state(unreadable)).isEqualTo(CallState.ENDED);
    }

    @Test
    void aStoreThatFailsIsLoggedAndTheSweepReturns() {
        IdleCallSweeper sweeper = sweeper(30, 24);
        meeting();
        db.close();

        assertThatCode(sweeper::sweepNow).doesNotThrowAnyException();
    }

    @Test
    void aCallEndedMeanwhileByAnotherPathIsLeftAlone() {
        IdleCallSweeper sweeper = sweeper(30, 24);
        String id = meeting();
        jitsi.rooms.put(id, EMPTY);
        clock.advance(Duration.ofHours(24));
        jitsi.onLook = call -> calls.end(call.id()); // a DELETE between the look and the end

        assertThatCode(sweeper::sweepNow).doesNotThrowAnyException();

        assertThat(state(id)).isEqualTo(CallState.ENDED);
        assertThat(notified).hasSize(1);
        assertThat(metrics.scrape()).doesNotContain("prochat_calls_swept_total");
        assertThat(sweeper.watched()).isZero();
    }

    @Test
    void whatIsRememberedOfACallIsDroppedOnceItIsNoLongerActive() {
        IdleCallSweeper sweeper = sweeper(30, 24);
        String kept = meeting();
        String deleted = meeting();
        jitsi.rooms.put(kept, TWO);
        jitsi.rooms.put(deleted, TWO);
        sweeper.sweepNow();
        assertThat(sweeper.watched()).isEqualTo(2);

        calls.end(deleted);
        sweeper.sweepNow();

        assertThat(sweeper.watched()).isEqualTo(1);
    }

    @Test
    void callsBeyondOneStorePageAreSweptToo() {
        IdleCallSweeper sweeper = sweeper(30, 24);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < IdleCallSweeper.PAGE + 3; i++) {
            ids.add(meeting()); // all at one instant: pages are told apart by id
        }
        ids.forEach(id -> jitsi.rooms.put(id, EMPTY));

        clock.advance(Duration.ofHours(24));
        sweeper.sweepNow();

        assertThat(calls.activeCalls()).isZero();
        assertThat(jitsi.looked).containsExactlyInAnyOrderElementsOf(ids);
    }

    /** Jitsi as far as the sweeper sees it: rooms with whatever occupancy the test sets, failures on request. */
    private static final class StubJitsi implements CallBackend {
        final Map<String, LiveRoom> rooms = new HashMap<>();
        final Set<String> failing = new HashSet<>();
        final Set<String> endFails = new HashSet<>();
        final List<String> looked = new ArrayList<>();
        final List<String> ended = new ArrayList<>();
        Consumer<Call> onLook = call -> { };

        @Override
        public Backend id() {
            return Backend.JITSI;
        }

        @Override
        public BackendStatus status() {
            return BackendStatus.up(Backend.JITSI, "stub");
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of();
        }

        @Override
        public PlacedRoom place(RoomRequest request) {
            return new PlacedRoom("room-" + request.callId(), "https://meet.example.org/room-" + request.callId(),
                    List.of());
        }

        @Override
        public PersonalJoin join(Call call, Person person, boolean moderator) {
            return new PersonalJoin(call.joinUrl(), null, null, moderator);
        }

        @Override
        public void end(Call call) {
            if (endFails.contains(call.id())) {
                throw new IllegalStateException("XMPP destroy refused (test)");
            }
            ended.add(call.id());
        }

        @Override
        public LiveRoom live(Call call) {
            looked.add(call.id());
            if (failing.contains(call.id())) {
                throw new IllegalStateException("reading the room failed (test)");
            }
            onLook.accept(call);
            return rooms.get(call.id());
        }
    }
}
