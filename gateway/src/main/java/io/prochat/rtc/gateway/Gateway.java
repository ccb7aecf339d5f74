package io.prochat.rtc.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.prochat.rtc.gateway.api.ApiKeys;
import io.prochat.rtc.gateway.api.CallsApi;
import io.prochat.rtc.gateway.api.HttpServer;
import io.prochat.rtc.gateway.api.Json;
import io.prochat.rtc.gateway.api.JsonBodies;
import io.prochat.rtc.gateway.api.OpsApi;
import io.prochat.rtc.gateway.backend.JitsiBackend;
import io.prochat.rtc.gateway.backend.JitsiRoomControl;
import io.prochat.rtc.gateway.backend.SfuBackend;
import io.prochat.rtc.gateway.backend.CallBackend;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.calls.GatewayLeases;
import io.prochat.rtc.gateway.cluster.ClusterHuddles;
import io.prochat.rtc.gateway.cluster.ClusterMetrics;
import io.prochat.rtc.gateway.cluster.ClusterSecret;
import io.prochat.rtc.gateway.cluster.ClusterSfuBackend;
import io.prochat.rtc.gateway.cluster.NodeClient;
import io.prochat.rtc.gateway.cluster.NodeWatch;
import io.prochat.rtc.gateway.cluster.Role;
import io.prochat.rtc.gateway.cluster.RtcdOnNodes;
import io.prochat.rtc.gateway.store.SfuNodeStore;
import io.prochat.rtc.gateway.calls.IdleCallSweeper;
import io.prochat.rtc.gateway.calls.RoomsEndedElsewhere;
import io.prochat.rtc.gateway.calls.RoomTeardowns;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.JitsiConfig;
import io.prochat.rtc.gateway.media.SfuSettings;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.web.ClientIceServers;
import io.prochat.rtc.gateway.web.EchoRoutes;
import io.prochat.rtc.gateway.web.HuddleEnder;
import io.prochat.rtc.gateway.web.HuddleRoutes;
import io.prochat.rtc.gateway.web.JoinTokens;
import io.prochat.rtc.gateway.routing.Router;
import io.prochat.rtc.gateway.rtcd.CallsMetrics;
import io.prochat.rtc.gateway.rtcd.CallsSessions;
import io.prochat.rtc.gateway.rtcd.RtcdOutbound;
import io.prochat.rtc.gateway.rtcd.RtcdRoutes;
import io.prochat.rtc.gateway.rtcd.RtcdSessions;
import io.prochat.rtc.gateway.store.ApiKeyStore;
import io.prochat.rtc.gateway.store.CallStore;
import io.prochat.rtc.gateway.store.ChatStore;
import io.prochat.rtc.gateway.store.Database;
import io.prochat.rtc.gateway.store.LeaseStore;
import io.prochat.rtc.gateway.store.RoomTeardownStore;
import io.prochat.rtc.gateway.store.RtcdClientStore;
import io.prochat.rtc.jitsi.JitsiLinks;
import io.prochat.rtc.jitsi.JitsiSettings;
import io.prochat.rtc.jitsi.naming.NamingScheme;
import io.prochat.rtc.jitsi.naming.RoomNamer;
import io.prochat.rtc.sfu.Sfu;
import io.prochat.rtc.sfu.echo.EchoRoom;
import io.prochat.rtc.sfu.room.Rooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The running gateway, wired by hand in one place: config → store → backends → routing → HTTP. */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Echo test sessions at once: enough to try a few browsers, too few to load the server. */
    static final int ECHO_SESSIONS = 4;
    /** How long the end of a drain waits for the rooms to confirm the Calls sessions it closed. */
    private static final Duration CALLS_CLOSE_WAIT = Duration.ofSeconds(2);

    private final HttpServer http;
    /** Everything opened at start, closed in reverse order: HTTP first, the store last. */
    private final Resources resources;
    private final IdleCallSweeper sweeper; // null: idle calls are never ended
    private final MattermostWiring mattermost;
    private final RtcdRoutes rtcd;
    private final Drain drain;
    private final RoomTeardowns teardowns;
    private final CallsSessions callsSessions; // null: no rooms here

    private Gateway(HttpServer http, Resources resources, IdleCallSweeper sweeper, RtcdRoutes rtcd,
                    MattermostWiring mattermost, RoomTeardowns teardowns, Drain drain, CallsSessions callsSessions) {
        this.callsSessions = callsSessions;
        this.teardowns = teardowns;
        this.drain = drain;
        this.mattermost = mattermost;
        this.http = http;
        this.resources = resources;
        this.sweeper = sweeper;
        this.rtcd = rtcd;
    }

    /**
     * Starts the gateway. When neither the config nor the store holds an API key, one is generated,
     * its hash stored, and the key itself written once to {@code console} (never to the log).
     */
    public static Gateway start(GatewayConfig config, Clock clock, PrintStream console) {
        return start(config, clock, console, true, Role.ALL);
    }

    /**
     * @param role {@link Role#ALL}: the SFU in this process; {@link Role#GATEWAY}: no media here, huddles placed on
     *     the SFU nodes registered in the store ({@code serve --role sfu}), watched for loss. Not {@link Role#SFU}
     *     (that is {@link SfuNode}).
     */
    public static Gateway start(GatewayConfig config, Clock clock, PrintStream console, Role role) {
        if (role == Role.SFU) {
            throw new IllegalArgumentException("an SFU node is started by SfuNode, not Gateway");
        }
        return start(config, clock, console, true, role);
    }

    public static Gateway start(GatewayConfig config, Clock clock, PrintStream console, boolean huddleRooms) {
        return start(config, clock, console, huddleRooms, Role.ALL);
    }

    /**
     * @param huddleRooms false runs the SFU transport (the echo page) without rooms: the SFU backend reports itself
     *     down and huddles fall back to Jitsi. Tests of that fallback use it.
     */
    private static Gateway start(GatewayConfig config, Clock clock, PrintStream console, boolean huddleRooms,
                                 Role role) {
        boolean nodes = role == Role.GATEWAY;
        ClusterSecret secret = nodes ? new ClusterSecret(config.cluster().secret()) : null;
        Resources resources = new Resources();
        try {
            Database db = resources.add(Database.open(config.store().jdbcUrl()));
            GatewayMetrics metrics = resources.add(new GatewayMetrics());
            Sfu media = nodes ? null : resources.add(startSfu(config));
            HuddleEnder ender = resources.add(new HuddleEnder());
            Rooms rooms = huddleRooms && !nodes ? resources.add(new Rooms(media, Rooms.Config.defaults()
                    .withMaxServerParticipants(config.rtc().maxServerParticipants())
                    .withMaxParticipants(config.rtc().maxCallParticipants()), ender)) : null;
            // kept in the store: links handed out before a restart, or by another gateway on the same store, work
            JoinTokens joinTokens = new JoinTokens(new ChatStore(db).secret(JoinTokens.KEY_NAME, clock.instant()), clock);
            ObjectMapper json = Json.mapper();
            CallStore callStore = new CallStore(db, json);
            // this gateway among others on the store: its liveness, and whose turn the periodic jobs are
            GatewayLeases leases = resources.add(GatewayLeases.start(new LeaseStore(db), callStore, clock,
                    GatewayLeases.newInstanceId()));
            ApiKeyStore keyStore = new ApiKeyStore(db);
            ApiKeys keys = apiKeys(config, keyStore);
            // generated only in memory until start-up has succeeded: a failed start must not print or store a key
            String generatedKey = keys.isEmpty() ? ApiKeys.generate() : null;
            if (generatedKey != null) {
                keys.addKey(generatedKey);
            }

            JitsiSettings jitsiSettings = jitsiSettings(config.jitsi());
            // Connects in the background: a Jitsi outage makes meetings degraded, it never stops start-up.
            JitsiRoomControl jitsiControl = JitsiRoomControl.start(config.jitsi());
            if (jitsiControl != null) {
                resources.add(jitsiControl);
            }
            if (config.jitsi().usesXmpp()) {
                log.info("Jitsi room control: logging in to {}:{} as {} in the background", config.jitsi().xmppHost(),
                        config.jitsi().xmppPort(), config.jitsi().xmppUser());
            }
            JitsiBackend jitsi = new JitsiBackend(jitsiSettings, new JitsiLinks(jitsiSettings, clock),
                    new RoomNamer(new SecureRandom()), NamingScheme.parse(config.jitsi().namingScheme()), jitsiControl);
            SfuNodeStore nodeStore = new SfuNodeStore(db);
            ClusterMetrics clusterMetrics = nodes ? new ClusterMetrics(metrics.registry()) : null;
            NodeClient nodeClient = nodes ? new NodeClient(secret, json) : null;
            ClusterSfuBackend clusterSfu = nodes ? new ClusterSfuBackend(nodeStore, nodeClient, joinTokens,
                    config.gateway().effectivePublicUrl(config.http()), config.rtc().maxCallParticipants(),
                    clusterMetrics) : null;
            CallBackend sfu = nodes ? clusterSfu : new SfuBackend(rooms, joinTokens,
                    config.gateway().effectivePublicUrl(config.http()), config.rtc().maxCallParticipants(),
                    config.rtc().capacity(), Map.of("udpPort", media.udpPort(), "tcpPort", media.tcpPort()));

            // the outbox of Jitsi rooms to destroy: rooms a previous gateway left go at the first XMPP login
            RoomTeardowns teardowns = resources.add(RoomTeardowns.start(new RoomTeardownStore(db), jitsi::destroyRoom,
                    metrics, clock, leases::sweeperTurn));
            jitsi.onRoomControlConnected(teardowns::runSoon);
            CallService calls = new CallService(List.of(sfu, jitsi),
                    health -> new Router(config.gateway().mode(), config.gateway().huddleMaxParticipants(),
                            config.rtc().maxCallParticipants(), health),
                    callStore, metrics, clock, teardowns);
            ender.bind(calls);
            if (!nodes) { // its huddles' rooms live here; with SFU nodes they live on the nodes, whichever gateway dies
                calls.holdRoomsAs(leases.instance());
                resources.add(RoomsEndedElsewhere.start(callStore, calls, clock, leases.instance()));
            }
            metrics.activeCallsGauge(calls::activeCalls);
            if (media != null) {
                metrics.bindSfu(media.metrics(), media::transportCount);
            }
            EchoRoom echo = config.rtc().enableEcho() && media != null ? resources.add(new EchoRoom(media)) : null;

            JsonBodies bodies = new JsonBodies(json, config.http().maxRequestBodyBytes());
            MattermostWiring mattermost = resources.add(new MattermostWiring(config, db, calls, bodies, metrics, clock,
                    leases::sweeperTurn));
            // after the listeners it notifies, so it stops before them
            IdleCallSweeper sweeper = IdleCallSweeper.start(calls, metrics, clock,
                    config.gateway().endEmptyCallsAfter(), config.gateway().endUnusedCallsAfter());
            if (sweeper != null) {
                resources.add(sweeper.scope(leases));
            }
            // rtcd's API and /ws for the Calls plugin (on SFU nodes when there are nodes); joins are refused until the
            // SFU binds its RtcdSessions
            RtcdRoutes rtcd = new RtcdRoutes(new RtcdClientStore(db), config.http(), metrics, clock);
            CallsSessions callsSessions = null;
            if (rooms != null) { // Calls-plugin calls run in rooms beside the huddles, on the same ports and limits
                callsSessions = resources.add(new CallsSessions(rooms, rtcd.outbound(), json,
                        new CallsMetrics(metrics.registry()), () -> calls.drainingUntil().isPresent()));
                rtcd.bind(callsSessions);
            }
            HuddleRoutes huddles;
            if (nodes) { // the page, its info and ICE servers here; its WebSocket on the call's node
                ClusterHuddles locator = new ClusterHuddles(nodeStore, clusterSfu);
                huddles = new HuddleRoutes(null, locator, callId -> false, config.rtc().maxCallParticipants(),
                        joinTokens, calls, json, new ClientIceServers(config.rtc(), clock),
                        mattermost.channelNames()::nameOf).allowSockets(locator::socketOrigins);
                resources.add(NodeWatch.start(nodeStore, nodeClient, calls, clusterMetrics));
            } else {
                huddles = rooms == null ? null
                        : new HuddleRoutes(rooms, joinTokens, calls, json, new ClientIceServers(config.rtc(), clock),
                                mattermost.channelNames()::nameOf);
            }
            List<Consumer<RoutesConfig>> routes = routes(mattermost, echo, huddles);
            if (nodes) { // the plugin's RTC server is the nodes themselves: say so rather than refuse in silence
                RtcdOnNodes why = new RtcdOnNodes(nodeStore);
                routes.add(r -> rtcd.registerRefusing(r, why));
            } else {
                routes.add(rtcd::register);
            }
            HttpServer http = new HttpServer(config.http().serverAddress(), config.http().serverPort(),
                    config.http().maxRequestBodyBytes(), json, keys, metrics,
                    new CallsApi(calls, bodies, config.gateway().mode(), clock),
                    new OpsApi(BuildInfo.load(), calls, metrics, clock),
                    routes, config.http().tls() ? io.prochat.rtc.gateway.api.TlsKeys.load(
                            java.nio.file.Path.of(config.http().tlsCertFile()),
                            java.nio.file.Path.of(config.http().tlsKeyFile())) : null);
            resources.add(http.start());
            if (generatedKey != null) {
                announce(generatedKey, keyStore, clock, console);
            }
            if (media != null) {
                log.info("ProChat RTC gateway listening on {}:{} (Mode = {}, store {}); media on UDP {} and TCP {}",
                        config.http().serverAddress(), http.port(), config.gateway().mode().configName(),
                        redactedStore(config.store().dataSource()), media.udpPort(), media.tcpPort());
            } else {
                log.info("ProChat RTC gateway listening on {}:{} (Mode = {}, store {}); huddles on the SFU nodes in the"
                        + " store", config.http().serverAddress(), http.port(), config.gateway().mode().configName(),
                        redactedStore(config.store().dataSource()));
            }
            return new Gateway(http, resources, sweeper, rtcd, mattermost, teardowns, new Drain(calls, rooms, huddles,
                    clock, Duration.ofSeconds(config.gateway().drainTimeoutSeconds())), callsSessions);
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    /** A postgres:// URI's password masked, for the start-up line. */
    static String redactedStore(String dataSource) {
        return dataSource.replaceAll("(://[^:/@]*:)[^@/]*@", "$1********@").replaceAll("(?i)(password=)[^;&]*", "$1********");
    }

    private static List<Consumer<RoutesConfig>> routes(MattermostWiring mattermost, EchoRoom echo,
                                                       HuddleRoutes huddles) {
        List<Consumer<RoutesConfig>> all = new ArrayList<>();
        all.add(mattermost::register);
        if (echo != null) { // [RTC] EnableEcho
            all.add(new EchoRoutes(echo, ECHO_SESSIONS)::register);
        }
        if (huddles != null) {
            all.add(huddles::register);
        }
        return all;
    }

    private static Sfu startSfu(GatewayConfig config) {
        try {
            return Sfu.start(SfuSettings.of(config.http(), config.rtc()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the media ports ([RTC] ICEPortUDP " + config.rtc().icePortUdp()
                    + ", ICEPortTCP " + config.rtc().icePortTcp() + "): " + e.getMessage(), e);
        }
    }

    public static JitsiSettings jitsiSettings(JitsiConfig c) {
        return new JitsiSettings(URI.create(c.url()), c.appId(), c.appSecret(), c.audience(), c.subject(),
                c.tenant(), Duration.ofMinutes(c.linkValidityMinutes()));
    }

    private static ApiKeys apiKeys(GatewayConfig config, ApiKeyStore store) {
        ApiKeys keys = new ApiKeys();
        config.gateway().apiKeys().forEach(keys::addKey);
        store.hashes().forEach(keys::addHash);
        return keys;
    }

    /** The rtcd session layer: the SFU's replaces the placeholder that refuses joins (see {@link RtcdRoutes}). */
    public void bindRtcdSessions(RtcdSessions sessions) {
        rtcd.bind(sessions);
    }

    /** Where an rtcd session layer sends its messages to the plugin. */
    public RtcdOutbound rtcdOutbound() {
        return rtcd.outbound();
    }

    /** Stores the hash of the key generated on a first start, and shows the key once on {@code console}. */
    private static void announce(String key, ApiKeyStore store, Clock clock, PrintStream console) {
        store.add(ApiKeys.hashHex(key), "generated on first start", clock.instant());
        console.println();
        console.println("  No API key was configured, so one was generated. It is shown only this once:");
        console.println();
        console.println("      " + key);
        console.println();
        console.println("  Use it as: Authorization: Bearer <key>. Only its hash is stored; to use your own keys,");
        console.println("  set [Gateway] APIKeys (or PROCHAT_GATEWAY_APIKEYS).");
        console.println();
        console.flush();
        log.info("generated the first API key (shown once on the console, stored hashed)");
    }

    public int port() {
        return http.port();
    }

    /** Runs the card bot's catch-up of unrewritten cards now, on its thread, and waits: for tests. */
    void catchUpCards() {
        mattermost.catchUpCards();
    }

    /** Runs the idle-call sweep now, on the caller's thread, rather than waiting for its minute: for tests. */
    void sweepIdleCalls() {
        if (sweeper != null) {
            sweeper.sweepNow();
        }
    }

    /** Tries the room teardowns that are due now, on the caller's thread, rather than at the worker's next run: for tests. */
    void tearDownRooms() {
        teardowns.runNow(false);
    }

    /**
     * The graceful stop before {@link #close()}: refuses new calls and joins, tells huddle pages, lets huddles and
     * Calls calls run up to {@code [Gateway] DrainTimeoutSeconds}, then ends the huddles still running here and
     * closes the Calls sessions (each with rtcd's {@code close} to the plugin). Returns how many huddles it ended.
     */
    public int drain() throws InterruptedException {
        int ended = drain.run();
        if (callsSessions != null) { // Calls calls still here: closed, the plugin told while its socket is open
            callsSessions.closeAllAndWait(CALLS_CLOSE_WAIT);
        }
        return ended;
    }

    @Override
    public void close() {
        resources.close();
    }
}
