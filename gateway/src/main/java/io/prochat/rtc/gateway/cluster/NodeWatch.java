package io.prochat.rtc.gateway.cluster;

import io.prochat.rtc.gateway.calls.CallEndedException;
import io.prochat.rtc.gateway.calls.CallNotFoundException;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.store.SfuNodeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A gateway's watch over the SFU nodes, every {@link NodeLiveness#WATCH} on one daemon thread: a node silent for
 * {@link NodeLiveness#DOWN_AFTER} is marked down, and the active calls of down nodes are moved to the least loaded
 * node that can take them (the room made there; the pages, having lost their node, ask the gateway where the call
 * runs and join there), or, when none can, ended with the reason in the store ({@code calls.end_reason}), so the
 * card and the pages say why.
 *
 * <p>Every gateway runs its watch, on purpose, not only the holder of the sweeper lease
 * ({@code GatewayLeases#sweeperTurn}): that lease passes on only after its {@code TTL} (20 s), so a crashed holder
 * would leave lost nodes unseen for longer than the {@link NodeLiveness#DOWN_AFTER} a node is promised. Several
 * watches at once are safe: marking down and moving are conditional updates ({@link SfuNodeStore#markDown},
 * {@link SfuNodeStore#move}), so each is done once, by whichever gateway gets there first; ending an ended call is a
 * no-op. The cost is two small reads of the store per gateway per {@link NodeLiveness#WATCH}.
 */
public final class NodeWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeWatch.class);
    static final String NO_NODE = "its SFU node %s was lost and no other node could take the call";

    private final SfuNodeStore nodes;
    private final NodeClient client;
    private final CallService calls;
    private final ClusterMetrics metrics;
    private final ScheduledExecutorService thread; // null: only when asked (tests)

    private NodeWatch(SfuNodeStore nodes, NodeClient client, CallService calls, ClusterMetrics metrics,
                      boolean scheduled) {
        this.nodes = nodes;
        this.client = client;
        this.calls = calls;
        this.metrics = metrics;
        this.thread = scheduled ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-watch");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    public static NodeWatch start(SfuNodeStore nodes, NodeClient client, CallService calls, ClusterMetrics metrics) {
        NodeWatch w = new NodeWatch(nodes, client, calls, metrics, true);
        long period = NodeLiveness.WATCH.toMillis();
        w.thread.scheduleWithFixedDelay(w::watchSafely, period, period, TimeUnit.MILLISECONDS);
        return w;
    }

    /** A watch that runs only when {@link #watchNow} is called. */
    static NodeWatch manual(SfuNodeStore nodes, NodeClient client, CallService calls, ClusterMetrics metrics) {
        return new NodeWatch(nodes, client, calls, metrics, false);
    }

    private void watchSafely() {
        try {
            watchNow();
        } catch (RuntimeException e) {
            log.warn("watching the SFU nodes failed: {}", e.getMessage());
        }
    }

    /** One round, on the caller's thread. */
    public void watchNow() {
        List<NodeRow> all = nodes.nodes();
        for (NodeRow n : all) {
            if (n.state() != NodeState.DOWN && n.stale() && nodes.markDown(n.id(), n.heartbeatAt())) {
                metrics.nodeDown();
                log.warn("SFU node {} marked down: no heartbeat for {} ms; moving its calls", n.id(),
                        n.heartbeatAge().toMillis());
            }
        }
        List<SfuNodeStore.Stranded> stranded = nodes.strandedCalls();
        if (stranded.isEmpty()) {
            return;
        }
        // fresh rows, with the placements this round makes counted in, so the moved calls spread over the nodes
        Map<String, NodeRow> live = new HashMap<>();
        nodes.nodes().forEach(n -> live.put(n.id(), n));
        for (SfuNodeStore.Stranded s : stranded) {
            relocate(s, live);
        }
    }

    private void relocate(SfuNodeStore.Stranded s, Map<String, NodeRow> live) {
        Optional<NodeRow> to = Placement.choose(List.copyOf(live.values()), Set.of(s.nodeId()));
        try {
            if (to.isPresent()) {
                NodeRow target = to.get();
                if (!nodes.move(s.callId(), s.nodeId(), target.id())) {
                    return; // another gateway moved or ended it first
                }
                live.put(target.id(), withOneMoreCall(target));
                metrics.strandedCall("moved");
                log.info("huddle {} moved from lost SFU node {} to {}", s.callId(), s.nodeId(), target.id());
                try {
                    client.openRoom(target, s.callId());
                } catch (RuntimeException e) { // the node makes the room at the first join all the same
                    log.warn("huddle {}: its room on SFU node {} could not be made ahead: {}", s.callId(), target.id(),
                            e.getMessage());
                }
                return;
            }
            String why = String.format(NO_NODE, s.nodeId());
            nodes.setEndReason(s.callId(), why);
            calls.end(s.callId());
            metrics.strandedCall("ended");
            log.warn("huddle {} ended: {}", s.callId(), why);
        } catch (CallEndedException | CallNotFoundException e) {
            // ended meanwhile, by someone else
        } catch (RuntimeException e) {
            metrics.strandedCall("failed");
            log.warn("huddle {} on lost SFU node {}: could not move or end it ({}); trying again", s.callId(),
                    s.nodeId(), e.getMessage());
        }
    }

    /** A call more on {@code n}: the next moved call prefers a node this round has not just given one. */
    private static NodeRow withOneMoreCall(NodeRow n) {
        return new NodeRow(n.id(), n.publicUrl(), n.internalUrl(), n.iceHost(), n.udpPort(), n.tcpPort(), n.capacity(),
                n.participants(), n.rooms(), n.cpu(), n.state(), n.heartbeatAt(), n.heartbeatAge(), n.calls() + 1);
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
