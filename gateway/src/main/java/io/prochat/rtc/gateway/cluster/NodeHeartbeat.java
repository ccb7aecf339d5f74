package io.prochat.rtc.gateway.cluster;

import io.prochat.rtc.gateway.rtcd.CpuLoad;
import io.prochat.rtc.gateway.store.SfuNodeStore;
import io.prochat.rtc.gateway.web.HuddleRoutes;
import io.prochat.rtc.sfu.room.Rooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A node's row in the store, written every {@link NodeLiveness#HEARTBEAT} with its load (participants, rooms, CPU)
 * on one daemon thread. Registers at start, on the caller's thread, so a node that cannot reach the store does not
 * start. A node that finds itself marked down (it was silent too long: a pause, a store outage) lets its calls go
 * ({@link #comeBack}): it closes its huddle sockets, whose pages ask the gateway where their call runs now, and takes
 * calls again once the gateways have moved them. A failed beat is logged once, and its recovery.
 */
public final class NodeHeartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final SfuNodeStore store;
    private final SfuNodeStore.Registration me;
    private final Rooms rooms;
    private final HuddleRoutes huddles;
    private final BooleanSupplier draining;
    private final CpuLoad cpu = new CpuLoad();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private boolean failing; // heartbeat thread only
    private boolean evicting; // heartbeat thread only: found marked down, waiting for its calls to be moved

    private NodeHeartbeat(SfuNodeStore store, SfuNodeStore.Registration me, Rooms rooms, HuddleRoutes huddles,
                          BooleanSupplier draining) {
        this.store = store;
        this.me = me;
        this.rooms = rooms;
        this.huddles = huddles;
        this.draining = draining;
    }

    public static NodeHeartbeat start(SfuNodeStore store, SfuNodeStore.Registration me, Rooms rooms,
                                      HuddleRoutes huddles, BooleanSupplier draining) {
        store.register(me);
        NodeHeartbeat h = new NodeHeartbeat(store, me, rooms, huddles, draining);
        long period = NodeLiveness.HEARTBEAT.toMillis();
        h.thread.scheduleWithFixedDelay(h::beat, period, period, TimeUnit.MILLISECONDS);
        log.info("SFU node {} registered: browsers reach it at {}, gateways at {}, media {} UDP {} TCP {}, capacity {}",
                me.id(), me.publicUrl(), me.internalUrl(), me.iceHost().isEmpty() ? "(local addresses)" : me.iceHost(),
                me.udpPort(), me.tcpPort(), me.capacity());
        return h;
    }

    /** Writes the heartbeat now, on the caller's thread; tells the store this node drains (SIGTERM). */
    public void draining() {
        store.setState(me.id(), NodeState.DRAINING);
    }

    private void beat() {
        try {
            Optional<NodeState> state = store.heartbeat(me.id(), rooms.participantCount(), rooms.roomCount(), cpu.value());
            if (state.isEmpty()) {
                log.warn("SFU node {}: its row was gone from the store; registering again", me.id());
                store.register(me);
                restoreState();
            } else if (state.get() == NodeState.DOWN) {
                comeBack();
            } else {
                evicting = false;
            }
            if (failing) {
                failing = false;
                log.info("SFU node {}: heartbeats reach the store again", me.id());
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("SFU node {}: heartbeat failed ({}); gateways mark the node down after {} s without one",
                        me.id(), e.getMessage(), NodeLiveness.DOWN_AFTER.toSeconds());
            }
        }
    }

    /**
     * Found marked down while alive: its pages are sent away (they ask the gateway where their call runs now), and
     * the node stays down, beating, until the gateways have moved or ended every call the store placed here; only
     * then does it take calls again. Coming back at once would race the gateway's watch and keep the calls here.
     */
    private void comeBack() {
        if (!evicting) {
            evicting = true;
            int closed = huddles.disconnectAll("moved");
            log.warn("SFU node {} was marked down while it could not beat: its calls are being moved; closed {} huddle"
                    + " connection(s) here", me.id(), closed);
        }
        if (store.activeCallsOn(me.id()).isEmpty()) {
            int closed = huddles.disconnectAll("moved"); // any page that came back meanwhile belongs elsewhere
            restoreState();
            evicting = false;
            log.info("SFU node {}: its calls have moved; taking calls again ({} late connection(s) closed)", me.id(),
                    closed);
        }
    }

    private void restoreState() {
        store.setState(me.id(), draining.getAsBoolean() ? NodeState.DRAINING : NodeState.UP);
    }

    /** Stops beating and marks the node down: it takes no calls from now on. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
            store.setState(me.id(), NodeState.DOWN);
        } catch (RuntimeException e) {
            log.warn("SFU node {}: could not mark itself down in the store: {}", me.id(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
