package io.prochat.rtc.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import io.prochat.rtc.gateway.calls.Backend;
import io.prochat.rtc.gateway.calls.Call;
import io.prochat.rtc.gateway.calls.CallService;
import io.prochat.rtc.gateway.calls.CallState;
import io.prochat.rtc.sfu.room.JoinRequest;
import io.prochat.rtc.sfu.room.Room;
import io.prochat.rtc.sfu.room.Rooms;
import io.prochat.rtc.sfu.room.Signal;
import io.prochat.rtc.sfu.room.SignalSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * The huddle signalling WebSocket, {@code /huddle/{callId}/ws?token=...}: JSON {@link ClientMessage}s in, the room's
 * {@link Signal}s out. The token is checked on connect (4401 close when bad). Each connection has its own
 * {@link SignalSink}; when the socket drops, the room keeps the media and waits for a {@code resume} with the
 * session id and its resume token ({@link ResumeTokens}, handed out with {@code joined}), from a new socket carrying
 * a join token for the same user. A connection acts only for the session the room confirmed to it.
 *
 * <p>Threads: handlers run on Jetty's threads and only enqueue room operations; signals are written from the
 * room's control thread with Jetty's non-blocking send.
 */
final class HuddleSocket {
    private static final Logger LOG = LoggerFactory.getLogger(HuddleSocket.class);
    /** Close codes for a refused join link: the page tells "not valid" from "expired, ask for a new one". */
    static final int BAD_TOKEN = 4401;
    static final int EXPIRED_TOKEN = 4410;
    private static final String CONNECTION = "huddle.connection";

    private final Rooms rooms;
    private final JoinTokens tokens;
    private final CallService calls;
    private final ObjectMapper json;
    private final ResumeTokens resumeTokens = new ResumeTokens();
    /** Every open huddle socket with a valid token: whom a drain notice goes to. */
    private final java.util.Set<Connection> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Whether a call's room belongs in this process (on an SFU node: whether the store places it here). */
    private final java.util.function.Predicate<String> hostsCall;

    HuddleSocket(Rooms rooms, JoinTokens tokens, CallService calls, ObjectMapper json,
                 java.util.function.Predicate<String> hostsCall) {
        this.hostsCall = hostsCall;
        this.rooms = rooms;
        this.tokens = tokens;
        this.calls = calls;
        this.json = json;
    }

    /** One WebSocket: who it is, and the session it speaks for once joined. */
    private final class Connection implements SignalSink {
        final WsContext ctx;
        final JoinTokens.Claims claims;
        volatile String sessionId;
        /** A join was sent on this connection: a second one is refused (one session per connection). */
        volatile boolean joinAsked;

        Connection(WsContext ctx, JoinTokens.Claims claims) {
            this.ctx = ctx;
            this.claims = claims;
        }

        /**
         * Writes a signal. {@code joined} is what binds this connection to a session: the room sends it to this
         * connection only, after a join or a resume it accepted, so the session id is never taken from what the
         * client claims. After a join it carries the session's resume token, which only this connection sees.
         */
        @Override
        public void send(Signal signal) {
            try {
                String text;
                if (signal instanceof Signal.Joined j) {
                    sessionId = j.sessionId();
                    com.fasterxml.jackson.databind.node.ObjectNode node = json.valueToTree(signal);
                    String token = resumeTokens.issue(j.sessionId());
                    if (token != null) {
                        node.put("resumeToken", token);
                    }
                    text = json.writeValueAsString(node);
                } else {
                    if (signal instanceof Signal.Closed) {
                        resumeTokens.forget(sessionId);
                    }
                    text = json.writeValueAsString(signal);
                }
                ctx.send(text);
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.debug("huddle {}: signal not delivered: {}", claims.callId(), e.toString());
            }
        }
    }

    /**
     * The largest message a client may send (issue 11, item 9; the server-wide default is 1 MiB). Signalling is small
     * except for the client's answer, whose m-lines mirror the room's offer: about 4 per participant of up to ~0.5 kB
     * each, so 2 kB per allowed participant, and never less than 64 KiB.
     */
    static long maxMessageBytes(int maxParticipants) {
        return Math.max(64 * 1024L, 2048L * maxParticipants);
    }

    /** Huddle sockets one address may hold: many people may share one address (NAT), so this only stops floods. */
    static final int SOCKETS_PER_ADDRESS = 256;
    private static final String ADDRESS = "huddle.address";
    final io.prochat.rtc.gateway.api.ConnectionsPerAddress perAddress =
            new io.prochat.rtc.gateway.api.ConnectionsPerAddress(SOCKETS_PER_ADDRESS);

    void connect(WsConnectContext ctx) {
        String address = io.prochat.rtc.gateway.api.ConnectionsPerAddress.addressOf(ctx.session.getRemoteSocketAddress());
        if (!perAddress.tryOpen(address)) {
            ctx.closeSession(1008, "too many connections from this address");
            return;
        }
        ctx.attribute(ADDRESS, address);
        String callId = ctx.pathParam("callId");
        JoinTokens.Check check = tokens.check(ctx.queryParam("token"), callId);
        if (!check.ok()) {
            boolean expired = check.refusal() == JoinTokens.Refusal.EXPIRED;
            ctx.closeSession(expired ? EXPIRED_TOKEN : BAD_TOKEN, check.refusal().code());
            return;
        }
        JoinTokens.Claims claims = check.claims();
        long limit = maxMessageBytes(rooms.config().maxParticipants());
        ctx.session.setMaxTextMessageSize(limit); // larger messages and frames close the socket (1009)
        ctx.session.setMaxFrameSize(limit);
        ctx.session.setMaxBinaryMessageSize(1024); // the protocol is text: no binary to speak of
        Connection connection = new Connection(ctx, claims);
        ctx.attribute(CONNECTION, connection);
        open.add(connection);
        ctx.enableAutomaticPings(); // keeps proxies from closing a quiet socket
    }

    void message(WsMessageContext ctx) {
        Connection c = ctx.attribute(CONNECTION);
        if (c == null) {
            return;
        }
        ClientMessage m;
        try {
            m = json.readValue(ctx.message(), ClientMessage.class);
        } catch (JsonProcessingException e) {
            c.send(new Signal.Failure("bad_message", "not a huddle message"));
            return;
        }
        String type = m.type() == null ? "" : m.type();
        if (type.equals("join") || type.equals("resume")) {
            Room room = room(c);
            if (room == null) {
                return;
            }
            if (type.equals("join") && c.joinAsked) {
                c.send(new Signal.Failure("already_joined", "this connection has joined already: one session each"));
            } else if (type.equals("join") && calls.drainingUntil().isPresent()) {
                // a link handed out before the drain: the call runs on, but nobody new comes in
                c.send(new Signal.Failure("draining", "the server is restarting: joining is closed for now; try again"
                        + " in a minute"));
            } else if (type.equals("join")) {
                c.joinAsked = true;
                room.join(new JoinRequest(c.claims.userId(), c.claims.name(), String.valueOf(m.sdp()), m.tracks(),
                        m.flag(m.mic()), m.flag(m.camera())), c);
            } else if (!resumeTokens.verify(m.sessionId(), m.resumeToken())) {
                c.send(new Signal.Failure("unknown_session", "no such session in this call; join again"));
            } else {
                // the session id is this connection's only once the room confirms it with joined
                room.resume(m.sessionId(), c.claims.userId(), c);
            }
            return;
        }
        Room room = rooms.get(c.claims.callId());
        String sid = c.sessionId;
        if (type.equals("ping")) {
            ctx.send("{\"type\":\"pong\"}");
            return;
        }
        if (room == null || sid == null) {
            c.send(new Signal.Failure("not_joined", "join first"));
            return;
        }
        switch (type) {
            case "answer" -> room.answer(sid, m.sdp());
            case "offer" -> room.clientOffer(sid);
            case "candidate" -> room.candidate(sid, m.candidate());
            case "mute" -> room.mute(sid, m.flag(m.muted()));
            case "camera" -> room.camera(sid, m.flag(m.on()));
            case "screen" -> room.screen(sid, m.flag(m.on()), m.flag(m.audio()));
            case "leave" -> {
                resumeTokens.forget(sid);
                room.leave(sid);
            }
            default -> c.send(new Signal.Failure("bad_message", "unknown message type " + type));
        }
    }

    /** The call's room, opened if the call is an active SFU call; null (and the client told) otherwise. */
    private Room room(Connection c) {
        String callId = c.claims.callId();
        Optional<Call> call = calls.find(callId);
        if (call.isEmpty() || call.get().state() == CallState.ENDED) {
            c.send(new Signal.Failure("call_ended", "this call has ended"));
            return null;
        }
        if (call.get().route().backend() != Backend.SFU) {
            c.send(new Signal.Failure("not_a_huddle", "this call does not run on the SFU"));
            return null;
        }
        if (!hostsCall.test(callId)) {
            // moved to another node (this one was thought lost): the page asks the gateway where, and joins there
            c.send(new Signal.Failure("moved", "this call runs on another server now"));
            return null;
        }
        return rooms.open(callId);
    }

    void closed(WsCloseContext ctx) {
        String address = ctx.attribute(ADDRESS);
        if (address != null) {
            perAddress.close(address);
        }
        Connection c = ctx.attribute(CONNECTION);
        if (c != null) {
            open.remove(c);
        }
        if (c == null || c.sessionId == null) {
            return;
        }
        Room room = rooms.get(c.claims.callId());
        if (room != null) {
            room.disconnected(c.sessionId, c);
        }
    }

    /**
     * Closes every huddle socket with {@code code}: the pages reconnect, asking the gateway first where their call
     * runs now. Used by a node that finds it was marked down while it could not beat (its calls moved meanwhile).
     */
    int disconnectAll(int code, String reason) {
        int n = 0;
        for (Connection c : open) {
            try {
                c.ctx.closeSession(code, reason);
                n++;
            } catch (RuntimeException e) {
                LOG.debug("huddle {}: close failed: {}", c.claims.callId(), e.toString());
            }
        }
        return n;
    }

    /**
     * Sends {@code text} (a JSON message of ours, not a room signal) to every open huddle socket; returns how many.
     * Jetty's send does not block, and a socket that fails is skipped.
     */
    int announce(String text) {
        int sent = 0;
        for (Connection c : open) {
            try {
                c.ctx.send(text);
                sent++;
            } catch (RuntimeException e) {
                LOG.debug("huddle {}: notice not delivered: {}", c.claims.callId(), e.toString());
            }
        }
        return sent;
    }

}
