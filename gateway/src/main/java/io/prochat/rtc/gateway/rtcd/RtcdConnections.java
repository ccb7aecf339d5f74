package io.prochat.rtc.gateway.rtcd;

import io.prochat.rtc.gateway.metrics.GatewayMetrics;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Close;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Outgoing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plugin connections and where each session's messages go (rtcd.md §2.6). A session is routed to the connection
 * that sent its {@code join} or latest {@code reconnect}; when that connection is gone, to the newest open
 * connection of the same client at once (rtcd instead fails until the plugin sends a {@code reconnect}). Closing a
 * connection never ends a session. A session id belongs to the client that joined it first, until its
 * {@code close} is sent. Thread-safe; nothing blocks.
 */
public final class RtcdConnections implements RtcdOutbound {
    private static final Logger LOG = LoggerFactory.getLogger(RtcdConnections.class);

    /** One open plugin WebSocket. */
    interface Link {
        String connId();

        String clientId();

        boolean isOpen();

        /** Sends one binary frame without blocking; false when it could not be queued. */
        boolean send(byte[] frame);
    }

    /** What {@link #admitJoin} decided. */
    enum Admission { OK, OTHER_CLIENT, TOO_MANY_SESSIONS }

    private record Route(String clientId, String connId) {
    }

    private record Opened(Link link, long sequence) {
    }

    private final GatewayMetrics metrics;
    private final int maxSessionsPerClient;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Opened> byConnId = new ConcurrentHashMap<>();
    private final Map<String, List<Opened>> byClient = new ConcurrentHashMap<>();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sessionsPerClient = new ConcurrentHashMap<>();

    RtcdConnections(GatewayMetrics metrics, int maxSessionsPerClient) {
        this.metrics = metrics;
        this.maxSessionsPerClient = maxSessionsPerClient;
    }

    void opened(Link link) {
        Opened o = new Opened(link, sequence.incrementAndGet());
        byConnId.put(link.connId(), o);
        byClient.computeIfAbsent(link.clientId(), id -> {
            metrics.rtcdWsConnections(id, () -> openCount(id));
            return new CopyOnWriteArrayList<>();
        }).add(o);
    }

    void closed(Link link) {
        Opened o = byConnId.remove(link.connId());
        List<Opened> list = byClient.get(link.clientId());
        if (o != null && list != null) {
            list.remove(o);
        }
    }

    int openCount(String clientId) {
        List<Opened> list = byClient.get(clientId);
        return list == null ? 0 : list.size();
    }

    /** Records a {@code join}'s session as this connection's, unless it is another client's or one too many. */
    synchronized Admission admitJoin(String clientId, String connId, String sessionId) {
        Route existing = routes.get(sessionId);
        if (existing != null && !existing.clientId().equals(clientId)) {
            return Admission.OTHER_CLIENT;
        }
        if (existing == null) {
            AtomicLong count = sessionsPerClient.computeIfAbsent(clientId, id -> new AtomicLong());
            if (count.get() >= maxSessionsPerClient) {
                return Admission.TOO_MANY_SESSIONS;
            }
            count.incrementAndGet();
        }
        routes.put(sessionId, new Route(clientId, connId));
        return Admission.OK;
    }

    /** Whether {@code sessionId} is known as another client's (then the message must be refused). */
    boolean isOtherClients(String clientId, String sessionId) {
        Route r = routes.get(sessionId);
        return r != null && !r.clientId().equals(clientId);
    }

    /** A {@code reconnect}: this connection now carries the session (when it is this client's). */
    void reroute(String clientId, String connId, String sessionId) {
        routes.computeIfPresent(sessionId, (id, r) -> r.clientId().equals(clientId) ? new Route(clientId, connId) : r);
    }

    /** Sessions routed now (for tests and the log). */
    int routedSessions() {
        return routes.size();
    }

    @Override
    public void send(String clientId, String sessionId, Outgoing message) {
        Route route = routes.get(sessionId);
        if (route != null && !route.clientId().equals(clientId)) {
            drop(clientId, message, "other_client", "session " + sessionId + " belongs to another client");
            return;
        }
        Link link = null;
        if (route != null) {
            Opened o = byConnId.get(route.connId());
            link = o != null && o.link().isOpen() ? o.link() : null;
        }
        if (link == null) {
            link = newestOpen(clientId);
            if (link != null && route != null) {
                routes.replace(sessionId, route, new Route(clientId, link.connId()));
            }
        }
        if (message instanceof Close) {
            forget(sessionId, clientId);
        }
        if (link == null) {
            drop(clientId, message, "no_connection", "no open connection of client " + clientId);
            return;
        }
        if (link.send(RtcdCodec.encode(message))) {
            metrics.rtcdWsMessage(clientId, message.type(), "out");
        } else {
            drop(clientId, message, "send_failed", "connection " + link.connId() + " refused the frame");
        }
    }

    private void forget(String sessionId, String clientId) {
        synchronized (this) {
            Route r = routes.get(sessionId);
            if (r != null && r.clientId().equals(clientId)) {
                routes.remove(sessionId);
                AtomicLong count = sessionsPerClient.get(clientId);
                if (count != null) {
                    count.decrementAndGet();
                }
            }
        }
    }

    private Link newestOpen(String clientId) {
        List<Opened> list = byClient.get(clientId);
        Opened best = null;
        if (list != null) {
            for (Opened o : list) {
                if (o.link().isOpen() && (best == null || o.sequence() > best.sequence())) {
                    best = o;
                }
            }
        }
        return best == null ? null : best.link();
    }

    private void drop(String clientId, Outgoing message, String reason, String why) {
        metrics.rtcdRefused("outbound", reason);
        LOG.info("rtcd {} for session {} not delivered: {}", message.type(), message.sessionId(), why);
    }
}
