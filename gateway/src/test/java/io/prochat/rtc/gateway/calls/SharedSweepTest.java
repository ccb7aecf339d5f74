package io.prochat.rtc.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.prochat.rtc.gateway.store.LeaseStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways on one store, each with its own idle sweeper: a huddle whose room is on gateway A is never ended by
 * B, however empty B's own SFU finds it; a call no gateway holds (a meeting) is swept only by the holder of the
 * sweeper lease; once A stops renewing (killed), B takes the lease and the calls A held are B's to judge.
 */
class SharedSweepTest {
    private static final Instant T0 = Instant.parse("2030-01-06T09:00:00Z");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private Database db;
    private GatewayMetrics metrics;

    @AfterEach
    void stop() {
        if (metrics != null) {
            metrics.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aRoomOnAnotherLiveGatewayIsNotEmptyForThisOneAndOrphansGoToTheLeaseHolder() {
        db = Database.open(new StoreConfig(dir.resolve("store").toString()).jdbcUrl());
        metrics = new GatewayMetrics();
        CallStore store = new CallStore(db, Json.mapper());
        LeaseStore leaseStore = new LeaseStore(db);
        GatewayLeases a = new GatewayLeases(leaseStore, store, clock, "gw-a", null);
        GatewayLeases b = new GatewayLeases(leaseStore, store, clock, "gw-b", null);
        a.renewNow();
        b.renewNow();
        assertThat(a.sweeperTurn()).isTrue();
        assertThat(b.sweeperTurn()).isFalse();

        CallService onA = service(store);
        onA.holdRoomsAs("gw-a");
        CallService onB = service(store); // B's SFU holds no rooms: every huddle room looks empty (gone) to it
        onB.holdRoomsAs("gw-b");
        Person ann = new Person("u-ann", "Ann", null, null);
        String huddle = onA.create(new NewCall(CallKind.HUDDLE, "standup", "ch-1", "town-square", "team", ann,
                CallNeeds.NONE)).call().id();
        String meeting = onA.create(new NewCall(CallKind.MEETING, "review", "ch-1", "town-square", "team", ann,
                CallNeeds.NONE)).call().id();
        assertThat(store.activeRoomHolders()).containsExactly(Map.entry(huddle, "gw-a"));

        IdleCallSweeper sweepOnB = new IdleCallSweeper(onB, metrics, clock, Duration.ofMinutes(10),
                Duration.ofHours(1)).scope(b);
        for (int m = 0; m < 90; m++) { // both alive, A runs the shared jobs
            clock.advance(Duration.ofMinutes(1));
            a.renewNow();
            b.renewNow();
            sweepOnB.sweepNow();
        }
        assertThat(onB.get(huddle).state()).as("A's room is A's to judge").isEqualTo(CallState.ACTIVE);
        assertThat(onB.get(meeting).state()).as("not B's turn").isEqualTo(CallState.ACTIVE);

        // A is killed: it renews nothing more; its leases expire, B takes the sweeper lease
        for (int m = 0; m < 61; m++) {
            clock.advance(Duration.ofMinutes(1));
            b.renewNow();
            sweepOnB.sweepNow();
        }
        assertThat(b.sweeperTurn()).isTrue();
        assertThat(onB.get(huddle).state()).as("its gateway died with its room: unused for an hour").isEqualTo(CallState.ENDED);
        assertThat(onB.get(meeting).state()).isEqualTo(CallState.ENDED);
    }

    private CallService service(CallStore store) {
        return new CallService(List.of(new EmptyRooms(Backend.SFU), new EmptyRooms(Backend.JITSI)),
                health -> new Router(RoutingMode.HYBRID, 10, 100, health), store, metrics, clock);
    }

    /** A backend whose rooms are all empty, as a gateway's own SFU sees a room it does not hold. */
    private record EmptyRooms(Backend id) implements CallBackend {
        @Override
        public BackendStatus status() {
            return BackendStatus.up(id, "stub");
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of();
        }

        @Override
        public PlacedRoom place(RoomRequest request) {
            return new PlacedRoom(request.callId(), "https://rtc.example.org/" + request.callId(), List.of());
        }

        @Override
        public PersonalJoin join(Call call, Person person, boolean moderator) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void end(Call call) {
        }

        @Override
        public LiveRoom live(Call call) {
            return new LiveRoom(0, List.of(), null);
        }
    }
}
