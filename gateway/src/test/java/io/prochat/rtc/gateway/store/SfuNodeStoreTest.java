package io.prochat.rtc.gateway.store;

import io.prochat.rtc.gateway.api.Json;
import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallKind;
import io.prochat.rtc.gateway.calls.CallNeeds;
import io.prochat.rtc.gateway.calls.CallState;
import io.prochat.rtc.gateway.calls.Person;
import io.prochat.rtc.gateway.calls.Route;
import io.prochat.rtc.gateway.cluster.NodeRow;
import io.prochat.rtc.gateway.cluster.NodeState;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The SFU node queries (V5) on the embedded H2 and a real PostgreSQL, through the same migrations. */
class SfuNodeStoreTest {
    private static PostgresServer postgres;
    private static final AtomicInteger H2_NAMES = new AtomicInteger();
    private Database db;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void closeStore() {
        if (db != null) {
            db.close();
        }
    }

    private Database open(String store) {
        db = Database.open(store.equals("postgres") ? postgres.newDatabase()
                : "jdbc:h2:mem:nodes-" + H2_NAMES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        return db;
    }

    private static SfuNodeStore.Registration node(String id) {
        return new SfuNodeStore.Registration(id, "http://" + id + ":8443", "http://10.0.0.1:8443", "", 8045, 8046, 26);
    }

    private static Call call(String id) {
        return new Call(id, CallKind.AUTO, new Route(CallKind.HUDDLE, Backend.SFU, "a huddle", false, RoutingMode.HYBRID),
                "Stand-up", "ch1", new Person("u1", "Ann", null, null), new CallNeeds(false, false, null, false, false),
                id, "https://rtc.example.org/huddle/" + id, CallState.ACTIVE,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void nodesRegisterBeatAndAreReadWithTheirLoad(String store) {
        SfuNodeStore nodes = new SfuNodeStore(open(store));
        nodes.register(node("a"));
        nodes.register(node("b"));
        assertThat(nodes.heartbeat("a", 7, 2, 0.25)).contains(NodeState.UP);
        assertThat(nodes.heartbeat("gone", 1, 1, 0)).isEmpty();
        List<NodeRow> rows = nodes.nodes();
        assertThat(rows).extracting(NodeRow::id).containsExactly("a", "b");
        NodeRow a = rows.get(0);
        assertThat(a.participants()).isEqualTo(7);
        assertThat(a.rooms()).isEqualTo(2);
        assertThat(a.cpu()).isEqualTo(0.25);
        assertThat(a.udpPort()).isEqualTo(8045);
        assertThat(a.tcpPort()).isEqualTo(8046);
        assertThat(a.internalUrl()).isEqualTo("http://10.0.0.1:8443");
        assertThat(a.heartbeatAge().isNegative()).isFalse();
        assertThat(a.stale()).isFalse();
        assertThat(a.canTakeCall()).isTrue();

        nodes.setState("b", NodeState.DRAINING);
        assertThat(nodes.find("b").orElseThrow().canTakeCall()).isFalse();
        nodes.register(node("b")); // a restart: up again, load cleared
        assertThat(nodes.find("b").orElseThrow().state()).isEqualTo(NodeState.UP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aNodeIsMarkedDownOnceAndOnlyIfItHasNotBeatenSince(String store) {
        SfuNodeStore nodes = new SfuNodeStore(open(store));
        nodes.register(node("a"));
        NodeRow seen = nodes.find("a").orElseThrow();
        assertThat(nodes.markDown("a", seen.heartbeatAt().minusMillis(1))).as("it beat since").isFalse();
        assertThat(nodes.markDown("a", seen.heartbeatAt())).isTrue();
        assertThat(nodes.markDown("a", seen.heartbeatAt())).as("already down: a second gateway does nothing").isFalse();
        assertThat(nodes.find("a").orElseThrow().state()).isEqualTo(NodeState.DOWN);
        assertThat(nodes.heartbeat("a", 0, 0, 0)).as("the node learns it").contains(NodeState.DOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void callsArePlacedCountedStrandedMovedOnceAndGivenAnEndReason(String store) {
        Database d = open(store);
        SfuNodeStore nodes = new SfuNodeStore(d);
        CallStore calls = new CallStore(d, Json.mapper());
        nodes.register(node("a"));
        nodes.register(node("b"));
        for (String id : List.of("c1", "c2", "c3")) {
            calls.insert(call(id));
        }
        nodes.assign("c1", "a");
        nodes.assign("c2", "a");
        nodes.assign("c3", "b");
        calls.markEnded("c2", Instant::now);
        assertThat(nodes.nodeOf("c1")).contains("a");
        assertThat(nodes.find("a").orElseThrow().calls()).as("active calls only").isEqualTo(1);
        assertThat(nodes.activeCallsOn("a")).containsExactly("c1");
        assertThat(nodes.strandedCalls()).isEmpty();

        nodes.markDown("a", nodes.find("a").orElseThrow().heartbeatAt());
        assertThat(nodes.strandedCalls()).containsExactly(new SfuNodeStore.Stranded("c1", "a"));
        assertThat(nodes.move("c1", "a", "b")).isTrue();
        assertThat(nodes.move("c1", "a", "b")).as("a second gateway finds it moved").isFalse();
        assertThat(nodes.strandedCalls()).isEmpty();
        assertThat(nodes.nodeOf("c1")).contains("b");

        nodes.setEndReason("c3", "its SFU node b was lost");
        calls.markEnded("c3", Instant::now);
        nodes.setEndReason("c3", "too late: ended calls keep their reason");
        assertThat(nodes.endReason("c3")).contains("its SFU node b was lost");
        assertThat(nodes.endReason("c1")).isEmpty();
        assertThat(nodes.move("c3", "b", "a")).as("an ended call is not moved").isFalse();
    }
}
