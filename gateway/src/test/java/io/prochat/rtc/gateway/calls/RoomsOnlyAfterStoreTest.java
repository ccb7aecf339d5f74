package io.prochat.rtc.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prochat.rtc.gateway.MutableClock;
import io.prochat.rtc.gateway.api.Json;
import io.prochat.rtc.gateway.backend.CallBackend;
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
import io.prochat.rtc.gateway.store.RoomTeardownStore;
import io.prochat.rtc.gateway.store.StoreException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rooms outside the gateway (Jitsi's, in Prosody) are made only once the call is stored, and their end goes through
 * the teardown outbox: a failed insert leaves no room nobody could end, and a failed destroy leaves a row.
 */
class RoomsOnlyAfterStoreTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-06T09:00:00Z"));
    private final XmppRooms jitsi = new XmppRooms();
    private Database db;
    private GatewayMetrics metrics;
    private CallStore store;
    private RoomTeardownStore teardownStore;
    private CallService calls;

    @BeforeEach
    void start() {
        db = Database.open(new StoreConfig(dir.resolve("store").toString()).jdbcUrl());
        metrics = new GatewayMetrics();
        store = new CallStore(db, Json.mapper());
        teardownStore = new RoomTeardownStore(db);
        calls = new CallService(List.of(jitsi), health -> new Router(RoutingMode.JITSI_ONLY, 10, 100, health),
                store, metrics, clock, new RoomTeardowns(teardownStore, jitsi::destroyRoom, metrics, clock));
    }

    @AfterEach
    void stop() {
        metrics.close();
        db.close();
    }

    private CreatedCall meeting() {
        return calls.create(new NewCall(CallKind.MEETING, "Board", "ch-1", "town-square", "team",
                new Person("u-alice", "Alice", null, null), CallNeeds.NONE));
    }

    @Test
    void aFailedInsertLeavesNoRoomEvenWhenXmppCannotDestroyOne() {
        jitsi.destroyFails = true;
        // the store refuses the row (its title column holds 200 characters; the API checks that first)
        assertThatThrownBy(() -> calls.create(new NewCall(CallKind.MEETING, "B".repeat(300), "ch-1", "town-square",
                "team", new Person("u-alice", "Alice", null, null), CallNeeds.NONE))).isInstanceOf(StoreException.class);
        assertThat(jitsi.made).as("no room was ever made for a call that was never stored").isEmpty();
    }

    @Test
    void theRoomIsMadeOnlyOnceItsCallIsStoredAndItsWarningsAreReturned() {
        CreatedCall created = meeting();
        assertThat(jitsi.made).containsExactly(created.call().room());
        assertThat(jitsi.storedWhenMade).containsExactly(true);
        assertThat(created.warnings()).containsExactly("made (test)");
    }

    @Test
    void anEndWhoseDestroyFailsIsAcknowledgedAndLeavesItsRoomInTheOutbox() {
        String id = meeting().call().id();
        jitsi.destroyFails = true;
        assertThat(calls.end(id).state()).isEqualTo(CallState.ENDED);
        assertThat(teardownStore.find(id)).get().satisfies(t -> {
            assertThat(t.room()).isEqualTo(jitsi.made.get(0));
            assertThat(t.attempts()).isEqualTo(1);
        });

        jitsi.destroyFails = false;
        String other = meeting().call().id();
        calls.end(other);
        assertThat(jitsi.destroyed).containsExactly(jitsi.made.get(1));
        assertThat(teardownStore.find(other)).isEmpty();
        assertThat(jitsi.ended).as("Jitsi's rooms end through the outbox only").isEmpty();
    }

    @Test
    void aRoomMadeAfterItsCallEndedIsDestroyedAfterwards() {
        jitsi.whileMaking = call -> calls.end(call.id()); // the end arrives while the room is being made
        String id = meeting().call().id();
        String room = "room-" + id;
        assertThat(jitsi.events).containsExactly("destroyed " + room, "made " + room, "destroyed " + room);
        assertThat(teardownStore.find(id)).isEmpty();
    }

    /** Jitsi with XMPP room control, as the call service sees it: records rooms made and destroyed. */
    private final class XmppRooms implements CallBackend {
        final List<String> made = new ArrayList<>();
        final List<Boolean> storedWhenMade = new ArrayList<>();
        final List<String> destroyed = new ArrayList<>();
        final List<String> ended = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        java.util.function.Consumer<Call> whileMaking = call -> { };
        volatile boolean destroyFails;

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
        public List<String> open(Call call) {
            made.add(call.room());
            storedWhenMade.add(store.find(call.id()).isPresent());
            whileMaking.accept(call);
            events.add("made " + call.room());
            return List.of("made (test)");
        }

        @Override
        public String durableRoom(Call call) {
            return call.room();
        }

        @Override
        public void destroyRoom(String room) {
            if (destroyFails) {
                throw new IllegalStateException("XMPP room control unavailable (test)");
            }
            destroyed.add(room);
            events.add("destroyed " + room);
        }

        @Override
        public PersonalJoin join(Call call, Person person, boolean moderator) {
            return new PersonalJoin(call.joinUrl(), null, null, moderator);
        }

        @Override
        public void end(Call call) {
            if (destroyFails) {
                throw new IllegalStateException("XMPP room control unavailable (test)");
            }
            ended.add(call.room());
        }
    }
}
