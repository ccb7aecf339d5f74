package io.prochat.rtc.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.prochat.rtc.gateway.api.ApiKeys;
import io.prochat.rtc.gateway.api.HttpServer;
import io.prochat.rtc.gateway.api.Json;
import io.prochat.rtc.gateway.api.OpsApi;
import io.prochat.rtc.gateway.api.TlsKeys;
import io.prochat.rtc.gateway.backend.SfuBackend;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.cluster.ClusterSecret;
import io.prochat.rtc.gateway.cluster.NodeApi;
import io.prochat.rtc.gateway.cluster.NodeHeartbeat;
import io.prochat.rtc.gateway.cluster.NodeLoad;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.gateway.media.SfuSettings;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.routing.Router;
import io.prochat.rtc.gateway.rtcd.CallsMetrics;
import io.prochat.rtc.gateway.rtcd.CallsSessions;
import io.prochat.rtc.gateway.rtcd.CpuLoad;
import io.prochat.rtc.gateway.rtcd.RtcdRoutes;
import io.prochat.rtc.gateway.store.CallStore;
import io.prochat.rtc.gateway.store.ChatStore;
import io.prochat.rtc.gateway.store.Database;
import io.prochat.rtc.gateway.store.RtcdClientStore;
import io.prochat.rtc.gateway.store.SfuNodeStore;
import io.prochat.rtc.gateway.web.ClientIceServers;
import io.prochat.rtc.gateway.web.HuddleEnder;
import io.prochat.rtc.gateway.web.HuddleLocator;
import io.prochat.rtc.gateway.web.HuddleRoutes;
import io.prochat.rtc.gateway.web.JoinTokens;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.room.Rooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An SFU node, {@code serve --role sfu}: the media server with the huddle join WebSocket, registered in the shared
 * store with a heartbeat ({@link NodeHeartbeat}), and the internal API gateways place rooms through ({@link NodeApi}).
 * No calls API, chat, Jitsi or sweeper: gateways do that. It reads calls from the store to check joins (the join
 * token key is the store's, shared with the gateways), and ends a huddle whose last participant left, as a single
 * gateway does; the gateways' card bot then rewrites its card from the store.
 *
 * <p>It is also an rtcd host for the Calls plugin, as each of rtcd's own hosts is: rtcd's HTTP API and {@code /ws}
 * on its listener ({@link RtcdRoutes}), Calls calls in rooms beside the huddles. Its rtcd clients are the store's,
 * so a plugin registered through any node authenticates on every node; the plugin balances new calls over the nodes
 * its RTC server URL resolves to, by {@code /system}, which {@link NodeLoad} raises out of reach while the node
 * drains or is at its {@code [Cluster] Capacity} (a join that would start a call here is then refused with rtcd's
 * {@code close}).
 *
 * <p>Drain (SIGTERM, or {@code POST /internal/v1/drain}): marked draining in the store at once, so no gateway places
 * a call here; running huddles and Calls calls go on until they end or {@code [Gateway] DrainTimeoutSeconds}, then
 * huddles are ended with the reason in the store, and Calls sessions with a {@code close} to the plugin.
 */
public final class SfuNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SfuNode.class);
    /** The end reason a drain that ran out of time records. */
    static final String DRAINED = "its SFU node was shut down and the call had not ended within DrainTimeoutSeconds";
    /** How long the end of a drain waits for the rooms to confirm the Calls sessions it closed. */
    private static final Duration CALLS_CLOSE_WAIT = Duration.ofSeconds(2);

    private final Resources resources;
    private final HttpServer http;
    private final String id;
    private final NodeHeartbeat heartbeat;
    private final Drain drain;
    private final AtomicBoolean draining;
    private final CallsSessions callsSessions;

    private SfuNode(Resources resources, HttpServer http, String id, NodeHeartbeat heartbeat, Drain drain,
                    AtomicBoolean draining, CallsSessions callsSessions) {
        this.callsSessions = callsSessions;
        this.resources = resources;
        this.http = http;
        this.id = id;
        this.heartbeat = heartbeat;
        this.drain = drain;
        this.draining = draining;
    }

    public static SfuNode start(GatewayConfig config, Clock clock) {
        ClusterSecret secret = new ClusterSecret(config.cluster().secret());
        Resources resources = new Resources();
        try {
            Database db = resources.add(Database.open(config.store().jdbcUrl()));
            GatewayMetrics metrics = resources.add(new GatewayMetrics());
            Sfu media = resources.add(startSfu(config));
            HuddleEnder ender = resources.add(new HuddleEnder());
            Rooms rooms = resources.add(new Rooms(media, Rooms.Config.defaults()
                    .withMaxServerParticipants(config.rtc().maxServerParticipants())
                    .withMaxParticipants(config.rtc().maxCallParticipants()), ender));
            JoinTokens joinTokens = new JoinTokens(new ChatStore(db).secret(JoinTokens.KEY_NAME, clock.instant()), clock);
            ObjectMapper json = Json.mapper();
            SfuNodeStore nodes = new SfuNodeStore(db);
            String publicUrl = config.gateway().effectivePublicUrl(config.http());
            String id = config.cluster().nodeId().isEmpty() ? defaultId(config.http().serverPort())
                    : config.cluster().nodeId();
            SfuBackend local = new SfuBackend(rooms, joinTokens, publicUrl, config.rtc().maxCallParticipants(),
                    config.cluster().capacity(), Map.of("udpPort", media.udpPort(), "tcpPort", media.tcpPort()));
            // creates no calls (gateways do): the router is there because the service needs one
            CallService calls = new CallService(List.of(local), health -> new Router(RoutingMode.SFU_ONLY,
                    config.gateway().huddleMaxParticipants(), config.rtc().maxCallParticipants(), health),
                    new CallStore(db, json), metrics, clock);
            java.util.function.Predicate<String> placedHere = callId -> nodes.nodeOf(callId).map(id::equals).orElse(false);
            ender.bind(calls);
            ender.onlyEnding(placedHere);
            metrics.bindSfu(media.metrics(), media::transportCount);
            HuddleRoutes huddles = new HuddleRoutes(rooms, HuddleLocator.local(rooms), placedHere,
                    config.rtc().maxCallParticipants(), joinTokens, calls, json,
                    new ClientIceServers(config.rtc(), clock), channel -> Optional.empty());
            AtomicBoolean draining = new AtomicBoolean();
            Drain drain = new Drain(calls, rooms, huddles, clock,
                    Duration.ofSeconds(config.gateway().drainTimeoutSeconds()),
                    callId -> nodes.setEndReason(callId, DRAINED));
            String internalUrl = config.cluster().internalUrl().isEmpty() ? publicUrl : config.cluster().internalUrl();
            NodeHeartbeat heartbeat = resources.add(NodeHeartbeat.start(nodes, new SfuNodeStore.Registration(id,
                    publicUrl, internalUrl, config.rtc().iceHostOverride(), media.udpPort(), media.tcpPort(),
                    config.cluster().capacity()), rooms, huddles, draining::get));
            // the Calls plugin's rtcd host: its clients in the shared store, its calls in these rooms
            RtcdRoutes rtcd = new RtcdRoutes(new RtcdClientStore(db), config.http(), metrics, clock);
            NodeLoad load = new NodeLoad(new CpuLoad()::value, draining::get, rooms::participantCount,
                    config.cluster().capacity());
            rtcd.reportLoad(load);
            CallsSessions callsSessions = resources.add(new CallsSessions(rooms, rtcd.outbound(), json,
                    new CallsMetrics(metrics.registry()), draining::get, load::full));
            rtcd.bind(callsSessions);
            SfuNode[] self = new SfuNode[1];
            NodeApi api = new NodeApi(id, config.cluster().capacity(), secret, rooms, draining::get,
                    () -> self[0].drainInBackground());
            List<Consumer<RoutesConfig>> routes = List.of(huddles::register, api::register, rtcd::register);
            HttpServer http = new HttpServer(config.http().serverAddress(), config.http().serverPort(),
                    config.http().maxRequestBodyBytes(), json, new ApiKeys(), metrics, null,
                    new OpsApi(BuildInfo.load(), calls, metrics, clock), routes,
                    config.http().tls() ? TlsKeys.load(Path.of(config.http().tlsCertFile()),
                            Path.of(config.http().tlsKeyFile())) : null);
            resources.add(http.start());
            log.info("ProChat RTC SFU node {} listening on {}:{} (huddles and the Calls plugin's rtcd API); media on UDP"
                    + " {} and TCP {}; store {}", id,
                    config.http().serverAddress(), http.port(), media.udpPort(), media.tcpPort(),
                    Gateway.redactedStore(config.store().dataSource()));
            self[0] = new SfuNode(resources, http, id, heartbeat, drain, draining, callsSessions);
            return self[0];
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    private static Sfu startSfu(GatewayConfig config) {
        try {
            return Sfu.start(SfuSettings.of(config.http(), config.rtc()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the media ports ([RTC] ICEPortUDP " + config.rtc().icePortUdp()
                    + ", ICEPortTCP " + config.rtc().icePortTcp() + "): " + e.getMessage(), e);
        }
    }

    /** The host name and HTTP port: unique per node unless two share both. */
    static String defaultId(int port) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        String id = host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + port;
        return id.length() > 64 ? id.substring(id.length() - 64) : id;
    }

    public String id() {
        return id;
    }

    public int port() {
        return http.port();
    }

    /**
     * The drain, on the caller's thread: marked draining in the store (no gateway places a call here from now on),
     * then the huddles here run until they end or DrainTimeoutSeconds. Returns how many it had to end.
     */
    public int drain() throws InterruptedException {
        markDraining();
        int ended = drain.run();
        // Calls calls still here: each session closed, the plugin told while its socket is open
        callsSessions.closeAllAndWait(CALLS_CLOSE_WAIT);
        return ended;
    }

    /** A drain asked over the internal API: the node drains and stays up, marked draining, until stopped. */
    private void drainInBackground() {
        if (!markDraining()) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                drain();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("SFU node {}: drain failed: {}", id, e.toString());
            }
        }, "node-drain");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Marks this node draining, in the store and in its {@code /system} load, before the drain is acknowledged (the
     * internal API's 202 comes after this): the plugin's next look at the node must see it. False when it already was.
     */
    private boolean markDraining() {
        if (!draining.compareAndSet(false, true)) {
            return false;
        }
        heartbeat.draining();
        log.info("SFU node {} draining: marked so in the store; no new calls are placed here", id);
        return true;
    }

    @Override
    public void close() {
        resources.close();
    }
}
