package io.prochat.rtc.gateway.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PlacementTest {
    private static final Instant BEAT = Instant.parse("2026-12-05T10:00:00Z");

    private static NodeRow node(String id, int participants, int capacity, int calls, NodeState state, long ageMillis) {
        return new NodeRow(id, "http://" + id + ":8443", "http://" + id + ":8443", "", 8045, 8045, capacity,
                participants, calls, 0.1, state, BEAT, Duration.ofMillis(ageMillis), calls);
    }

    private static NodeRow up(String id, int participants, int calls) {
        return node(id, participants, 26, calls, NodeState.UP, 500);
    }

    private static Optional<String> choose(NodeRow... nodes) {
        return Placement.choose(List.of(nodes), Set.of()).map(NodeRow::id);
    }

    @Test
    void theLeastLoadedNodeByShareOfItsCapacityGetsTheCall() {
        assertThat(choose(up("a", 10, 2), up("b", 3, 1), up("c", 7, 1))).contains("b");
        // 10 of 100 is less loaded than 3 of 10
        assertThat(choose(node("big", 10, 100, 3, NodeState.UP, 0), node("small", 3, 10, 1, NodeState.UP, 0)))
                .contains("big");
    }

    @Test
    void withEqualLoadFewerPlacedCallsWinThenTheId() {
        assertThat(choose(up("a", 0, 1), up("b", 0, 0))).contains("b");
        assertThat(choose(up("b", 0, 0), up("a", 0, 0))).contains("a");
    }

    @Test
    void nodesThatAreSilentDrainingDownOrFullAreSkipped() {
        NodeRow silent = node("silent", 0, 26, 0, NodeState.UP, NodeLiveness.DOWN_AFTER.toMillis() + 1);
        NodeRow draining = node("draining", 0, 26, 0, NodeState.DRAINING, 0);
        NodeRow down = node("down", 0, 26, 0, NodeState.DOWN, 0);
        NodeRow full = node("full", 26, 26, 3, NodeState.UP, 0);
        NodeRow busy = up("busy", 20, 3);
        assertThat(choose(silent, draining, down, full, busy)).contains("busy");
        assertThat(choose(silent, draining, down, full)).isEmpty();
    }

    @Test
    void aHeartbeatExactlyAtTheLimitStillCounts() {
        assertThat(choose(node("edge", 0, 26, 0, NodeState.UP, NodeLiveness.DOWN_AFTER.toMillis()))).contains("edge");
    }

    @Test
    void excludedNodesAreNotChosen() {
        assertThat(Placement.choose(List.of(up("lost", 0, 0), up("other", 5, 1)), Set.of("lost")))
                .map(NodeRow::id).contains("other");
    }

    @Test
    void theReasonSaysWhyNoNodeCanTakeACall() {
        assertThat(Placement.whyNone(List.of())).isEqualTo("no SFU node is registered");
        assertThat(Placement.whyNone(List.of(node("d", 0, 26, 0, NodeState.DOWN, 0))))
                .startsWith("no SFU node is up (1 registered");
        assertThat(Placement.whyNone(List.of(node("f", 26, 26, 2, NodeState.UP, 0))))
                .isEqualTo("every SFU node that is up is full");
    }

    @Test
    void aNodesSocketUrlFollowsItsPublicUrl() {
        NodeRow n = new NodeRow("n", "https://rtc1.example.org:8443/", "http://10.0.0.5:8443", "", 1, 1, 1, 0, 0, 0,
                NodeState.UP, BEAT, Duration.ZERO, 0);
        assertThat(n.socketUrl("c1")).isEqualTo("wss://rtc1.example.org:8443/huddle/c1/ws");
        assertThat(n.socketOrigin()).isEqualTo("wss://rtc1.example.org:8443");
        assertThat(up("a", 0, 0).socketOrigin()).isEqualTo("ws://a:8443");
    }
}
