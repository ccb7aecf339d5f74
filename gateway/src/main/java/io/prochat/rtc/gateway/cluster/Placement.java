package io.prochat.rtc.gateway.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which node a new huddle goes to: among the nodes that can take a call ({@link NodeRow#canTakeCall}: beating, up,
 * below capacity), the least loaded by share of capacity, then by fewer active calls placed on it (which the store
 * knows at once, while participants arrive later), then by CPU, then by id, so that two
 * gateways reading the same rows choose alike. Pure: the rows come in, nothing is stored.
 */
public final class Placement {
    private static final Comparator<NodeRow> LEAST_LOADED = Comparator.comparingDouble(NodeRow::load)
            .thenComparingInt(NodeRow::calls)
            .thenComparingDouble(NodeRow::cpu)
            .thenComparing(NodeRow::id);

    private Placement() {
    }

    /** The node for a new call; empty when none can take it. {@code exclude}: nodes not to use (the lost one). */
    public static Optional<NodeRow> choose(List<NodeRow> nodes, Set<String> exclude) {
        return nodes.stream().filter(NodeRow::canTakeCall).filter(n -> !exclude.contains(n.id())).min(LEAST_LOADED);
    }

    /** Why no node can take a call, in words for route reasons: "no SFU node is registered", "2 nodes: …". */
    public static String whyNone(List<NodeRow> nodes) {
        if (nodes.isEmpty()) {
            return "no SFU node is registered";
        }
        long up = nodes.stream().filter(n -> n.state() == NodeState.UP && !n.stale()).count();
        if (up == 0) {
            return "no SFU node is up (" + nodes.size() + " registered, none beating and taking calls)";
        }
        return "every SFU node that is up is full";
    }
}
