package io.prochat.rtc.gateway.rtcd;

import io.javalin.http.Context;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsErrorContext;
import io.javalin.websocket.WsMessageContext;
import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Incoming;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Join;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Leave;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Message;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Reconnect;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Rtc;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The plugin's WebSocket, {@code /ws} (rtcd.md §2.1): credentials checked before the upgrade (401 JSON otherwise;
 * admin is refused, having no sessions), {@code hello} on open, a ping every 10 s, binary msgpack frames of at most
 * 1 MiB. rtcd's deadlines are kept ({@link SocketDeadlines}): a plugin that has sent nothing, not even a pong, for
 * 20 s, or whose queued frames have not moved for 10 s, is dropped (its sessions live on, as after any drop). Text frames are ignored and counted. A frame that does not decode, a message type
 * the server does not take, a message over the rate limit, or one naming another client's session is logged (at
 * most one line a second per connection), counted, and dropped: the connection stays.
 *
 * <p>Why not Jetty's idle timeout: Jetty counts our own pings as activity, and Javalin does not pass pongs to its
 * handlers. The read deadline therefore watches the connection's received byte count, which pongs do move.
 *
 * <p>Threads: Jetty calls each connection's handlers one at a time; they decode and call {@link RtcdSessions} on
 * that thread (whose contract is not to block). Frames go out through Jetty's non-blocking send.
 */
final class RtcdSocket {
    private static final Logger LOG = LoggerFactory.getLogger(RtcdSocket.class);
    static final String PRINCIPAL = "rtcd.principal";
    private static final String LINK = "rtcd.link";
    /** One thread for every connection's deadlines: a check is a few reads and, at times, a ping or a drop. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rtcd-deadlines");
        t.setDaemon(true);
        return t;
    });
    /** Frames waiting to go out on one connection, at most (rtcd's WebSocket queue size). */
    static final int MAX_QUEUED = 5000;

    private final RtcdAuth auth;
    private final RtcdConnections connections;
    private final Supplier<RtcdSessions> sessions;
    private final GatewayMetrics metrics;
    private final double messagesPerSecond;
    private final int messageBurst;
    private final SocketDeadlines deadlines;

    RtcdSocket(RtcdAuth auth, RtcdConnections connections, Supplier<RtcdSessions> sessions, GatewayMetrics metrics,
               double messagesPerSecond, int messageBurst, SocketDeadlines deadlines) {
        this.auth = auth;
        this.connections = connections;
        this.sessions = sessions;
        this.metrics = metrics;
        this.messagesPerSecond = messagesPerSecond;
        this.messageBurst = messageBurst;
        this.deadlines = deadlines;
    }

    /** One open plugin connection. */
    private static final class WsLink implements RtcdConnections.Link {
        final WsContext ctx;
        final String connId = MattermostIds.newId();
        final String clientId;
        final RateLimiter rate;
        private final AtomicInteger queued = new AtomicInteger();
        private long lastLogNanos; // reader thread only
        private long quiet;
        /** When a queued frame last went out, or the queue last went from empty to not. */
        private volatile long sendProgressNanos = System.nanoTime();
        // the deadline thread's own
        private final WebSocketConnection wire;
        private long bytesIn = -1;
        private long readNanos = System.nanoTime();
        private long pingNanos = System.nanoTime();
        private ScheduledFuture<?> watch;

        WsLink(WsContext ctx, String clientId, RateLimiter rate) {
            this.ctx = ctx;
            this.clientId = clientId;
            this.rate = rate;
            this.wire = wireOf(ctx.session);
        }

        @Override
        public String connId() {
            return connId;
        }

        @Override
        public String clientId() {
            return clientId;
        }

        @Override
        public boolean isOpen() {
            return ctx.session.isOpen();
        }

        /**
         * Queues the frame with Jetty's non-blocking send. At most {@link #MAX_QUEUED} frames may wait for a slow
         * plugin (rtcd's WebSocket queue is 5000); past that, frames are refused rather than held in memory.
         */
        @Override
        public boolean send(byte[] frame) {
            int before = queued.getAndIncrement();
            if (before >= MAX_QUEUED) {
                queued.decrementAndGet();
                return false;
            }
            if (before == 0) {
                sendProgressNanos = System.nanoTime();
            }
            try {
                ctx.session.sendBinary(ByteBuffer.wrap(frame), Callback.from(() -> {
                    sendProgressNanos = System.nanoTime();
                    queued.decrementAndGet();
                }, failure -> {
                    queued.decrementAndGet();
                    LOG.debug("rtcd connection {}: a frame was not sent: {}", connId, failure.toString());
                }));
                return true;
            } catch (RuntimeException e) {
                queued.decrementAndGet();
                return false;
            }
        }

        /**
         * On the deadline thread: the reason to drop this connection now, or null; sends the ping when it is due.
         * Anything received moves the read deadline: rtcd's client never pings, so that is mostly our pings' pongs.
         */
        String check(long now, SocketDeadlines d) {
            long in = wire == null ? -1 : wire.getBytesIn();
            if (in != bytesIn) {
                bytesIn = in;
                readNanos = now;
            } else if (wire != null && now - readNanos > d.read().toNanos()) {
                return "read deadline: nothing received for " + SocketDeadlines.words(d.read()) + ", not even a pong";
            }
            if (queued.get() > 0 && now - sendProgressNanos > d.write().toNanos()) {
                return "write deadline: " + queued.get() + " frames have not moved for "
                        + SocketDeadlines.words(d.write());
            }
            if (now - pingNanos >= d.pingInterval().toNanos()) {
                pingNanos = now;
                ctx.session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
            }
            return null;
        }

        /** One log line a second at most; the lines skipped are counted into the next. */
        void log(String what) {
            long now = System.nanoTime();
            if (lastLogNanos != 0 && now - lastLogNanos < 1_000_000_000L) {
                quiet++;
                return;
            }
            LOG.warn("rtcd connection {} of client {}: {}{}", connId, clientId, what,
                    quiet == 0 ? "" : " (and " + quiet + " more since the last line)");
            quiet = 0;
            lastLogNanos = now;
        }
    }

    /** The connection under Jetty's WebSocket session, whose received byte count pongs move; null if not Jetty's. */
    private static WebSocketConnection wireOf(Session session) {
        if (session instanceof WebSocketSession jetty && jetty.getCoreSession() instanceof WebSocketCoreSession core) {
            return core.getConnection();
        }
        LOG.warn("rtcd: a WebSocket session of {} has no Jetty connection; its read deadline is not kept",
                session.getClass().getName());
        return null;
    }

    private void watch(WsLink link) {
        long every = deadlines.checkEvery().toNanos();
        link.watch = DEADLINES.scheduleAtFixedRate(() -> {
            try {
                String reason = link.check(System.nanoTime(), deadlines);
                if (reason != null) {
                    link.watch.cancel(false);
                    metrics.rtcdRefused("ws", reason.startsWith("read") ? "read_deadline" : "write_deadline");
                    LOG.warn("rtcd connection {} of client {} dropped: {}", link.connId, link.clientId, reason);
                    link.ctx.session.disconnect();
                }
            } catch (RuntimeException e) {
                LOG.warn("rtcd connection {}: deadline check failed: {}", link.connId, e.toString());
            }
        }, every, every, TimeUnit.NANOSECONDS);
    }

    /** Before the upgrade: who it is, or a 401/403/429 JSON answer and no WebSocket. */
    void beforeUpgrade(Context ctx) {
        RtcdAuth.Principal p = auth.authenticate(ctx.header("Authorization"));
        if (p.admin()) {
            throw new RtcdApiException(403, "admin_ws", "admin has no sessions; connect with a client's credentials");
        }
        ctx.attribute(PRINCIPAL, p);
    }

    /** Plugin connections one address may hold: a Mattermost node opens one per RTC host. */
    static final int SOCKETS_PER_ADDRESS = 16;
    private static final String ADDRESS = "rtcd.address";
    final io.prochat.rtc.gateway.api.ConnectionsPerAddress perAddress =
            new io.prochat.rtc.gateway.api.ConnectionsPerAddress(SOCKETS_PER_ADDRESS);

    void connect(WsConnectContext ctx) {
        RtcdAuth.Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) { // cannot happen: beforeUpgrade refused it
            ctx.closeSession(1008, "unauthorized");
            return;
        }
        String address = io.prochat.rtc.gateway.api.ConnectionsPerAddress.addressOf(ctx.session.getRemoteSocketAddress());
        if (!perAddress.tryOpen(address)) {
            LOG.warn("rtcd client {}: connection from {} refused, it holds {} already", p.clientId(), address,
                    SOCKETS_PER_ADDRESS);
            ctx.closeSession(1008, "too many connections from this address");
            return;
        }
        ctx.attribute(ADDRESS, address);
        // Jetty's own idle limit only as a backstop: our pings count as activity for it (see the class note)
        ctx.session.setIdleTimeout(deadlines.read().multipliedBy(3));
        ctx.session.setMaxBinaryMessageSize(RtcdCodec.MAX_FRAME_BYTES);
        ctx.session.setMaxTextMessageSize(RtcdCodec.MAX_FRAME_BYTES);
        WsLink link = new WsLink(ctx, p.clientId(),
                new RateLimiter(messagesPerSecond, messageBurst, 0, System::nanoTime));
        ctx.attribute(LINK, link);
        connections.opened(link);
        link.send(RtcdCodec.encode(new RtcdMessages.Hello(p.clientId(), link.connId)));
        metrics.rtcdWsMessage(p.clientId(), "hello", "out");
        watch(link);
        LOG.info("rtcd client {} connected (connection {})", p.clientId(), link.connId);
    }

    void binary(WsBinaryMessageContext ctx) {
        WsLink link = ctx.attribute(LINK);
        if (link == null) {
            return;
        }
        ByteBuffer data = ctx.data();
        byte[] frame = new byte[data.remaining()];
        data.get(frame);
        if (!link.rate.tryAcquire()) {
            refuse(link, "rate_limited", "over " + (int) messagesPerSecond + " messages a second; message dropped");
            return;
        }
        Message m;
        try {
            m = RtcdCodec.decode(frame);
        } catch (MalformedMessageException e) {
            refuse(link, "malformed", "bad frame of " + frame.length + " bytes: " + e.getMessage());
            return;
        }
        metrics.rtcdWsMessage(link.clientId, m.type(), "in");
        if (!(m instanceof Incoming in)) {
            refuse(link, "unexpected_type", "unexpected client message type \"" + m.type() + "\"");
            return;
        }
        try {
            dispatch(link, in);
        } catch (RuntimeException e) {
            metrics.rtcdRefused("ws", "session_error");
            LOG.warn("rtcd connection {}: the session layer failed on {}: {}", link.connId, m.type(), e.toString());
        }
    }

    private void dispatch(WsLink link, Incoming m) {
        RtcdSessions s = sessions.get();
        String client = link.clientId;
        if (m instanceof Join j) {
            switch (connections.admitJoin(client, link.connId, j.sessionId())) {
                case OTHER_CLIENT -> refuse(link, "other_client", "join for session " + j.sessionId()
                        + ", which belongs to another client: refused");
                case TOO_MANY_SESSIONS -> refuse(link, "too_many_sessions", "join for session " + j.sessionId()
                        + " refused: the client has too many sessions");
                default -> s.join(client, j);
            }
            return;
        }
        String sessionId = m instanceof Leave l ? l.sessionId()
                : m instanceof Reconnect r ? r.sessionId() : ((Rtc) m).sessionId();
        if (connections.isOtherClients(client, sessionId)) {
            refuse(link, "other_client", m.type() + " for session " + sessionId + ", which belongs to another client");
            return;
        }
        if (m instanceof Leave) {
            s.leave(client, sessionId);
        } else if (m instanceof Reconnect) {
            connections.reroute(client, link.connId, sessionId);
            s.reconnect(client, sessionId);
        } else {
            s.rtc(client, (Rtc) m);
        }
    }

    void text(WsMessageContext ctx) {
        WsLink link = ctx.attribute(LINK);
        if (link != null) {
            metrics.rtcdWsMessage(link.clientId, "text", "in");
            refuse(link, "text_frame", "text frame of " + ctx.message().length() + " characters ignored");
        }
    }

    void closed(WsCloseContext ctx) {
        String address = ctx.attribute(ADDRESS);
        if (address != null) {
            perAddress.close(address);
        }
        WsLink link = ctx.attribute(LINK);
        if (link != null) {
            if (link.watch != null) {
                link.watch.cancel(false);
            }
            connections.closed(link);
            LOG.info("rtcd client {} disconnected (connection {}, status {}); its sessions go on", link.clientId,
                    link.connId, ctx.status());
        }
    }

    void error(WsErrorContext ctx) {
        WsLink link = ctx.attribute(LINK);
        LOG.debug("rtcd connection {}: {}", link == null ? "?" : link.connId, String.valueOf(ctx.error()));
    }

    private void refuse(WsLink link, String reason, String what) {
        metrics.rtcdRefused("ws", reason);
        link.log(what);
    }
}
