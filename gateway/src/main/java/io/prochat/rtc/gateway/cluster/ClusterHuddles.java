package io.prochat.rtc.gateway.cluster;

import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.store.SfuNodeStore;
import io.prochat.rtc.gateway.web.HuddleLocator;

import java.util.List;
import java.util.Optional;

/**
 * Where a huddle's page signals on a gateway with SFU nodes: the WebSocket of the node the store places the call on,
 * asked afresh each time (after a lost connection the page asks again, and finds the node its call moved to).
 */
public final class ClusterHuddles implements HuddleLocator {
    private final SfuNodeStore nodes;
    private final ClusterSfuBackend backend;

    public ClusterHuddles(SfuNodeStore nodes, ClusterSfuBackend backend) {
        this.nodes = nodes;
        this.backend = backend;
    }

    @Override
    public String socketUrl(Call call) {
        return backend.nodeOf(call.id()).map(n -> n.socketUrl(call.id())).orElse(null);
    }

    @Override
    public int participants(Call call) {
        Integer n = backend.live(call).occupants();
        return n == null ? 0 : n;
    }

    @Override
    public Optional<String> endReason(String callId) {
        return nodes.endReason(callId);
    }

    /** The WebSocket origins of every registered node, for the join page's Content-Security-Policy. */
    public List<String> socketOrigins() {
        return nodes.nodes().stream().map(NodeRow::socketOrigin).distinct().toList();
    }
}
