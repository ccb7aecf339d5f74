package io.prochat.rtc.gateway.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** What a gateway counts of its SFU nodes: nodes it marked down, and what became of their calls. */
public final class ClusterMetrics {
    private final MeterRegistry registry;
    private final Counter nodesDown;

    public ClusterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.nodesDown = Counter.builder("prochat_cluster_nodes_down").description("SFU nodes this gateway marked down: "
                + "no heartbeat for 4 s").register(registry);
    }

    void nodeDown() {
        nodesDown.increment();
    }

    /** {@code result}: moved (to another node), ended (no node could take it), failed (tried again next watch). */
    void strandedCall(String result) {
        Counter.builder("prochat_cluster_calls_relocated").description("Calls of lost SFU nodes, by what became of them")
                .tag("result", result).register(registry).increment();
    }

    /** {@code reason}: no_node (a huddle fell back or was refused), unreachable (a node's room could not be made). */
    void placementProblem(String reason) {
        Counter.builder("prochat_cluster_placement_problems").description("Huddle placements on SFU nodes that went wrong")
                .tag("reason", reason).register(registry).increment();
    }
}
