package io.prochat.rtc.gateway.rtcd;

import io.javalin.config.RoutesConfig;
import io.prochat.rtc.gateway.config.HttpConfig;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.store.RtcdClientStore;

import java.time.Clock;
import java.util.Objects;

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
        this.api = new RtcdApi(auth, () -> sessions, new CpuLoad(), metrics);
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
