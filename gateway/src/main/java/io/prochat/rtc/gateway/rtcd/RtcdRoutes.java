package io.prochat.rtc.gateway.rtcd;

import io.javalin.config.RoutesConfig;
import io.prochat.rtc.gateway.config.HttpConfig;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.store.RtcdClientStore;

import java.time.Clock;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * rtcd compatibility on the gateway's listener: the HTTP API ({@link RtcdApi}) and the {@code /ws} WebSocket
 * ({@link RtcdSocket}). Until {@link #bind} is given the SFU's {@link RtcdSessions}, joins are refused with a
 * {@code close} ({@link UnwiredSessions}).
 *
 * <pre>{@code
 * RtcdRoutes rtcd = new RtcdRoutes(new RtcdClientStore(db), config.http(), metrics, clock);
 * rtcd.bind(sfuSessions(rtcd.outbound()));      // the SFU sends through outbound()
 * routes.add(rtcd::register);
 * }</pre>
 */
public final class RtcdRoutes {
    /** Per plugin connection: rtcd's WebSocket queue is 5000; a plugin relays a few messages per user action. */
    static final double MESSAGES_PER_SECOND = 200;
    static final int MESSAGE_BURST = 400;
    /** Sessions one client (one Mattermost installation) may hold: well above rtcd's published 1000-user calls. */
    static final int MAX_SESSIONS_PER_CLIENT = 10_000;

    private final RtcdAuth auth;
    private final RtcdConnections connections;
    private final RtcdApi api;
    private final RtcdSocket socket;
    private volatile RtcdSessions sessions;
    /** {@code /system}'s {@code cpu_load}: this machine's CPU as rtcd computes it, unless an SFU node shapes it. */
    private volatile DoubleSupplier load;

    public RtcdRoutes(RtcdClientStore store, HttpConfig http, GatewayMetrics metrics, Clock clock) {
        this(store, http, metrics, clock, RateLimiter.rtcdDefault(), MAX_SESSIONS_PER_CLIENT);
    }

    /** With another bcrypt rate limit and session cap (tests). */
    public RtcdRoutes(RtcdClientStore store, HttpConfig http, GatewayMetrics metrics, Clock clock,
                      RateLimiter authLimit, int maxSessionsPerClient) {
        this(store, http, metrics, clock, authLimit, maxSessionsPerClient, SocketDeadlines.rtcd());
    }

    /** With other WebSocket deadlines (tests). */
    RtcdRoutes(RtcdClientStore store, HttpConfig http, GatewayMetrics metrics, Clock clock, RateLimiter authLimit,
               int maxSessionsPerClient, SocketDeadlines deadlines) {
        this.auth = new RtcdAuth(store, http, authLimit, clock);
        this.connections = new RtcdConnections(metrics, maxSessionsPerClient);
        this.sessions = new UnwiredSessions(connections);
        CpuLoad cpu = new CpuLoad();
        this.load = cpu::value;
        this.api = new RtcdApi(auth, () -> sessions, () -> load.getAsDouble(), metrics);
        this.socket = new RtcdSocket(auth, connections, () -> sessions, metrics, MESSAGES_PER_SECOND, MESSAGE_BURST,
                deadlines);
    }

    /** Where the session layer sends server → plugin messages. */
    public RtcdOutbound outbound() {
        return connections;
    }

    /** The session layer (the SFU's); replaces the placeholder that refuses joins. */
    public void bind(RtcdSessions sessions) {
        this.sessions = Objects.requireNonNull(sessions);
    }

    /** What {@code GET /system} answers as {@code cpu_load} from now on (an SFU node's: see {@code NodeLoad}). */
    public void reportLoad(DoubleSupplier load) {
        this.load = Objects.requireNonNull(load);
    }

    /**
     * Instead of {@link #register}, on a gateway with {@code --role gateway}, which runs no media: every rtcd path
     * ({@code /ws} and the API but {@code /version}, which is the gateway's own) answers 503 with rtcd's error shape,
     * {@code why} (where the Calls plugin's RTC server is), counted as {@code prochat_rtcd_refused{reason="on_nodes"}}
     * and logged. Not a proxy: the plugin balances calls over the hosts its URL resolves to and keeps one WebSocket
     * per host, so the hosts must be the nodes themselves (README, "More than one machine").
     */
    public void registerRefusing(RoutesConfig routes, Supplier<String> why) {
        io.javalin.http.Handler refuse = ctx -> {
            throw new RtcdApiException(503, "on_nodes", why.get());
        };
        routes.get("/system", refuse);
        routes.post("/register", refuse);
        routes.post("/unregister", refuse);
        routes.post("/login", refuse);
        routes.get("/calls/{callID}/sessions", refuse);
        routes.get("/calls/{callID}/sessions/{sessionID}", refuse);
        routes.exception(RtcdApiException.class, api::refused);
        routes.exception(RtcdApi.UpgradeRefused.class, (e, ctx) -> { });
        routes.wsBeforeUpgrade("/ws", ctx -> api.refuseUpgrade(new RtcdApiException(503, "on_nodes", why.get()), ctx));
        routes.ws("/ws", ws -> ws.onConnect(ctx -> ctx.closeSession(1013, "no Calls-plugin calls here")));
    }

    public void register(RoutesConfig routes) {
        api.register(routes);
        routes.wsBeforeUpgrade("/ws", ctx -> {
            try {
                socket.beforeUpgrade(ctx);
            } catch (RtcdApiException e) {
                api.refuseUpgrade(e, ctx);
            }
        });
        routes.ws("/ws", ws -> {
            ws.onConnect(socket::connect);
            ws.onBinaryMessage(socket::binary);
            ws.onMessage(socket::text);
            ws.onClose(socket::closed);
            ws.onError(socket::error);
        });
    }
}
