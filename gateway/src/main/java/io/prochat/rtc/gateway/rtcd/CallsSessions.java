package io.prochat.rtc.gateway.rtcd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prochat.rtc.sfu.MediaTransport;
import io.prochat.rtc.sfu.room.JoinRequest;
import io.prochat.rtc.sfu.room.Room;
import io.prochat.rtc.sfu.room.Rooms;
import io.prochat.rtc.sfu.room.Signal;
import io.prochat.rtc.sfu.room.SignalSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mattermost Calls sessions on our SFU: rtcd's session semantics (rtcd.md §3) over the rooms huddles use.
 *
 * <ul>
 *   <li>{@code join} only registers the session; the room sees it with the client's first SDP offer, which must come
 *       within {@link #FIRST_OFFER_TIMEOUT_SECONDS} (else {@code close}, as rtcd does). ICE candidates and mute or
 *       screen messages that arrive before it wait for it.</li>
 *   <li>One room per (client id, call id): every Mattermost installation is its own namespace, as rtcd's groups.</li>
 *   <li>The data channel: legacy text {@code ping} → {@code pong}, rtcd's msgpack messages (Ping, SDP for
 *       {@code dcSignaling} clients, the signalling Lock and Unlock, the client's loss/RTT/jitter), and a MediaMap
 *       before every server offer. Others' tracks are offered only once it is open.</li>
 *   <li>Voice activity: the room's speaking set, turned into one {@code vad} on/off per speaker change.</li>
 * </ul>
 *
 * <p>Threads: calls come from WebSocket threads and the data channel's thread; room signals arrive on the rooms'
 * control thread and are handed to {@link RtcdOutbound}, which never blocks.
 */
public final class CallsSessions implements RtcdSessions, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallsSessions.class);
    static final long FIRST_OFFER_TIMEOUT_SECONDS = 10;
    /** Sessions a client (a Mattermost installation) may hold at once. */
    static final int MAX_SESSIONS_PER_CLIENT = 2000;

    private final Rooms rooms;
    private final RtcdOutbound out;
    private final ObjectMapper json;
    private final CallsMetrics metrics;
    private final BooleanSupplier draining;
    private final BooleanSupplier full;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Who was speaking in each call at the last change, to send one vad per change (room key → session ids). */
    private final Map<String, Set<String>> speaking = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "calls-sessions");
        t.setDaemon(true);
        return t;
    });

    public CallsSessions(Rooms rooms, RtcdOutbound out, ObjectMapper json, CallsMetrics metrics) {
        this(rooms, out, json, metrics, () -> false);
    }

    /** {@code draining}: true once the gateway stops taking joins (SIGTERM): new sessions are closed at once. */
    public CallsSessions(Rooms rooms, RtcdOutbound out, ObjectMapper json, CallsMetrics metrics,
                         BooleanSupplier draining) {
        this(rooms, out, json, metrics, draining, () -> false);
    }

    /**
     * {@code full}: true while this SFU node is at its {@code [Cluster] Capacity}: a join that would start a call here
     * is closed at once (the plugin's user sees the call fail, as with rtcd's refusals), while joins into a call that
     * runs here go on (the plugin keeps every session of a call on one host, so refusing them would only split it).
     */
    public CallsSessions(Rooms rooms, RtcdOutbound out, ObjectMapper json, CallsMetrics metrics,
                         BooleanSupplier draining, BooleanSupplier full) {
        this.full = full;
        this.rooms = rooms;
        this.out = out;
        this.json = json;
        this.metrics = metrics;
        this.draining = draining;
    }

    /** Room ids of Calls calls start with this, so huddle bookkeeping can tell them apart. */
    public static final String ROOM_PREFIX = "calls:";

    static String roomKey(String clientId, String callId) {
        return ROOM_PREFIX + clientId + ":" + callId;
    }

    @Override
    public void join(String clientId, RtcdMessages.Join join) {
        String sid = join.sessionId();
        if (sid == null || sid.isEmpty() || join.callId() == null || join.callId().isEmpty()) {
            metrics.refused("join_incomplete");
            LOG.info("calls client {}: join without a session or call id refused", clientId);
            return;
        }
        if (draining.getAsBoolean()) {
            metrics.refused("draining");
            LOG.info("calls client {}: join for session {} refused: this server is draining", clientId, sid);
            out.send(clientId, sid, new RtcdMessages.Close(sid));
            return;
        }
        if (full.getAsBoolean() && !callRunsHere(clientId, join.callId())) {
            metrics.refused("node_full");
            LOG.info("calls client {}: join for session {} refused: this SFU node is at its capacity and call {} does"
                    + " not run here", clientId, sid, join.callId());
            out.send(clientId, sid, new RtcdMessages.Close(sid));
            return;
        }
        long held = sessions.values().stream().filter(s -> s.clientId.equals(clientId)).count();
        if (held >= MAX_SESSIONS_PER_CLIENT) {
            metrics.refused("too_many_sessions");
            LOG.warn("calls client {}: join for session {} refused: {} sessions already", clientId, sid, held);
            out.send(clientId, sid, new RtcdMessages.Close(sid));
            return;
        }
        Session s = new Session(clientId, join);
        Session existing = sessions.putIfAbsent(sid, s);
        if (existing != null) {
            metrics.refused(existing.clientId.equals(clientId) ? "session_exists" : "foreign_session");
            LOG.info("calls client {}: join for session {} refused: it exists already", clientId, sid);
            return;
        }
        timer.schedule(() -> {
            if (s.room == null && sessions.remove(sid, s)) {
                LOG.info("calls session {}: no offer within {} s, closed", sid, FIRST_OFFER_TIMEOUT_SECONDS);
                metrics.refused("no_offer");
                out.send(clientId, sid, new RtcdMessages.Close(sid));
            }
        }, FIRST_OFFER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void leave(String clientId, String sessionId) {
        Session s = owned(clientId, sessionId);
        if (s == null) {
            return;
        }
        Room room = s.room;
        if (room != null) {
            room.leave(sessionId); // the room's close signal sends `close`
        } else if (sessions.remove(sessionId, s)) {
            out.send(clientId, sessionId, new RtcdMessages.Close(sessionId));
        }
    }

    @Override
    public void reconnect(String clientId, String sessionId) {
        owned(clientId, sessionId); // routing follows the connection (RtcdOutbound); the session goes on as it is
    }

    @Override
    public void rtc(String clientId, RtcdMessages.Rtc m) {
        Session s = owned(clientId, m.sessionId());
        if (s == null) {
            return;
        }
        try {
            switch (m.rtcType()) {
                case RtcdMessages.ICE -> s.candidate(json.readTree(m.data()));
                case RtcdMessages.SDP -> s.sdp(json.readTree(m.data()));
                case RtcdMessages.MUTE -> s.withRoom(r -> r.mute(s.id, true));
                case RtcdMessages.UNMUTE -> s.withRoom(r -> r.mute(s.id, false));
                case RtcdMessages.SCREEN_ON -> {
                    String stream = text(json.readTree(m.data()), "screenStreamID");
                    s.withRoom(r -> r.screenOn(s.id, stream));
                }
                case RtcdMessages.SCREEN_OFF -> s.withRoom(r -> r.screenOff(s.id));
                case RtcdMessages.VIDEO_ON -> {
                    String stream = text(json.readTree(m.data()), "videoStreamID");
                    s.withRoom(r -> r.videoStream(s.id, stream));
                }
                case RtcdMessages.VIDEO_OFF -> s.withRoom(r -> r.videoStream(s.id, null));
                default -> {
                    metrics.refused("rtc_type");
                    LOG.info("calls session {}: rtc message of type {} ignored", s.id, m.rtcType());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            metrics.refused("rtc_data");
            LOG.info("calls session {}: rtc message of type {} refused: {}", s.id, m.rtcType(), e.getMessage());
        }
    }

    @Override
    public List<RtcdMessages.SessionConfig> sessions(String clientId, String callId) {
        List<RtcdMessages.SessionConfig> list = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (s.clientId.equals(clientId) && s.callId.equals(callId)) {
                list.add(s.config());
            }
        }
        return list;
    }

    /** The session, when {@code clientId} owns it; otherwise null, counted and logged (another client's session). */
    private Session owned(String clientId, String sessionId) {
        Session s = sessionId == null ? null : sessions.get(sessionId);
        if (s == null) {
            metrics.refused("unknown_session");
            LOG.debug("calls client {}: message for unknown session {}", clientId, sessionId);
            return null;
        }
        if (!s.clientId.equals(clientId)) {
            metrics.refused("foreign_session");
            LOG.warn("calls client {}: message for session {} of another client refused", clientId, sessionId);
            return null;
        }
        return s;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty() || v.asText().length() > 256) {
            throw new IllegalArgumentException("no " + field);
        }
        return v.asText();
    }

    /** Whether the call has a room here or a session waiting for its first offer. */
    private boolean callRunsHere(String clientId, String callId) {
        String key = roomKey(clientId, callId);
        return rooms.get(key) != null || sessions.values().stream().anyMatch(s -> s.roomKey.equals(key));
    }

    /**
     * Ends every session here, each with its {@code close} to the plugin (the end of a drain, while the plugin's
     * WebSocket is still open: its users are told the call ended rather than losing media). Returns how many.
     */
    public int closeAll() {
        int n = 0;
        for (Session s : List.copyOf(sessions.values())) {
            leave(s.clientId, s.id);
            n++;
        }
        return n;
    }

    /**
     * {@link #closeAll}, then waits up to {@code wait} for the rooms to confirm (each {@code close} is sent when its
     * room lets the session go), so that the plugin is told before the server stops. Returns how many it closed.
     */
    public int closeAllAndWait(java.time.Duration wait) throws InterruptedException {
        int n = closeAll();
        long deadline = System.nanoTime() + wait.toNanos();
        while (n > 0 && !sessions.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (n > 0) {
            LOG.info("closed {} Calls session(s) still running ({} not confirmed)", n, sessions.size());
        }
        return n;
    }

    /** Sessions here (joined, or waiting for their first offer). */
    public int sessionCount() {
        return sessions.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One Calls session: the plugin's view (ids) and ours (its room and data channel). */
    private final class Session implements SignalSink, CallsDataChannels.Listener {
        final String clientId;
        final String id;
        final String callId;
        final String userId;
        final String channelId;
        final boolean av1Support;
        final boolean dcSignaling;
        final String roomKey;
        /** Null until the first offer. */
        volatile Room room;
        /** The room took the session (its first offer was good). */
        volatile boolean joined;
        /** What came before the first offer, replayed on the room once it exists. */
        private final List<Consumer<Room>> early = new ArrayList<>();
        private volatile CallsDataChannels.Channel channel;

        Session(String clientId, RtcdMessages.Join j) {
            this.clientId = clientId;
            this.id = j.sessionId();
            this.callId = j.callId();
            this.userId = j.userId() == null ? "" : j.userId();
            this.channelId = j.channelId();
            this.av1Support = j.av1Support();
            this.dcSignaling = j.dcSignaling();
            this.roomKey = roomKey(clientId, callId);
        }

        RtcdMessages.SessionConfig config() {
            return new RtcdMessages.SessionConfig(clientId, callId, userId, id,
                    new RtcdMessages.Props(channelId, av1Support, dcSignaling));
        }

        synchronized void withRoom(Consumer<Room> action) {
            Room r = room;
            if (r != null) {
                action.accept(r);
            } else if (early.size() < 64) {
                early.add(action);
            } else {
                metrics.refused("early_overflow");
            }
        }

        void candidate(JsonNode ice) {
            String c = ice == null ? null : ice.path("candidate").asText("");
            if (c == null || c.isEmpty()) {
                return; // end of candidates: nothing to do
            }
            withRoom(r -> r.candidate(id, c));
        }

        void sdp(JsonNode sdp) {
            sdp(text(sdp, "type"), sdp.path("sdp").asText(""));
        }

        void sdp(String type, String body) {
            if (body.isEmpty() || body.length() > 256 * 1024) {
                throw new IllegalArgumentException("no sdp, or one too large");
            }
            switch (type) {
                case "offer" -> offer(body);
                case "answer" -> withRoom(r -> r.answer(id, body));
                default -> throw new IllegalArgumentException("sdp type " + type);
            }
        }

        private synchronized void offer(String sdp) {
            Room r = room;
            if (r != null) {
                r.clientOffer(id, sdp);
                return;
            }
            r = rooms.open(roomKey);
            r.join(JoinRequest.calls(id, userId, sdp, this::openDataChannels), this);
            room = r;
            for (Consumer<Room> a : early) {
                a.accept(r);
            }
            early.clear();
        }

        private void openDataChannels(MediaTransport transport) {
            CallsDataChannels.open(transport, this);
        }

        // ---- room → plugin ----------------------------------------------------------------------------------

        @Override
        public void send(Signal signal) {
            if (signal instanceof Signal.Answer a) {
                sendSdp("answer", a.sdp());
            } else if (signal instanceof Signal.Offer o) {
                sendMediaMap(o.tracks());
                sendSdp("offer", o.sdp());
            } else if (signal instanceof Signal.Speaking sp) {
                voice(sp.speaking());
            } else if (signal instanceof Signal.Closed c) {
                if (sessions.remove(id, this)) {
                    LOG.debug("calls session {} closed: {}", id, c.reason());
                    if (sessions.values().stream().noneMatch(o -> o.roomKey.equals(roomKey))) {
                        speaking.remove(roomKey); // the call is over here
                    }
                    out.send(clientId, id, new RtcdMessages.Close(id));
                }
            } else if (signal instanceof Signal.Joined) {
                joined = true;
            } else if (signal instanceof Signal.Failure f) {
                metrics.refused(f.code());
                LOG.info("calls session {} (call {}): {}: {}", id, callId, f.code(), f.message());
                if (!joined && sessions.remove(id, this)) {
                    out.send(clientId, id, new RtcdMessages.Close(id)); // the room never took it: the plugin must know
                }
            }
            // the roster is the join page's: the plugin keeps its own
        }

        private void sendSdp(String type, String sdp) {
            byte[] payload;
            try {
                payload = json.writeValueAsBytes(Map.of("type", type, "sdp", sdp));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            CallsDataChannels.Channel ch = channel;
            if (dcSignaling && ch != null && ch.isOpen()) {
                ch.send(DcMessages.encode(new DcMessages.Sdp(type, sdp)));
                return;
            }
            out.send(clientId, id, new RtcdMessages.Rtc(clientId, userId, id, callId, RtcdMessages.SDP, payload));
        }

        private void sendMediaMap(Map<String, Signal.TrackInfo> tracks) {
            CallsDataChannels.Channel ch = channel;
            if (ch == null || !ch.isOpen()) {
                return;
            }
            Map<String, DcMessages.TrackInfo> map = new java.util.LinkedHashMap<>();
            tracks.forEach((mid, t) -> map.put(mid,
                    new DcMessages.TrackInfo(DcMessages.MediaKind.parse(t.type()), t.sessionId())));
            ch.send(DcMessages.encode(new DcMessages.MediaMap(map)));
        }

        private void voice(List<String> now) {
            Set<String> current = new HashSet<>(now);
            Set<String> before = speaking.put(roomKey, current);
            if (before == null) {
                before = Set.of();
            }
            if (before.equals(current)) {
                return; // another member's copy of the same change
            }
            for (String sid : current) {
                if (!before.contains(sid)) {
                    vad(sid, true);
                }
            }
            for (String sid : before) {
                if (!current.contains(sid)) {
                    vad(sid, false);
                }
            }
        }

        private void vad(String speakerSession, boolean on) {
            Session speaker = sessions.get(speakerSession);
            if (speaker != null) {
                out.send(clientId, speakerSession, new RtcdMessages.Vad(clientId, speaker.userId, speakerSession,
                        callId, on));
            }
        }

        // ---- the data channel --------------------------------------------------------------------------------

        @Override
        public void onOpen(CallsDataChannels.Channel ch) {
            channel = ch;
            metrics.dataChannelOpen();
            Room r = room;
            if (r != null) {
                r.dataChannelOpen(id);
            }
        }

        @Override
        public void onText(CallsDataChannels.Channel ch, String text) {
            if (DcMessages.isLegacyPing(text)) {
                ch.sendText("pong"); // the legacy keepalive of older clients
            } else {
                metrics.refused("dc_text");
            }
        }

        @Override
        public void onBinary(CallsDataChannels.Channel ch, byte[] data) {
            DcMessages.DcMessage m;
            try {
                m = DcMessages.decode(data);
            } catch (MalformedMessageException e) {
                metrics.refused("dc_message");
                LOG.debug("calls session {}: bad data channel message: {}", id, e.getMessage());
                return;
            }
            Room r = room;
            if (m instanceof DcMessages.Ping) {
                ch.send(DcMessages.encode(new DcMessages.Pong()));
            } else if (m instanceof DcMessages.Sdp sdp) {
                try {
                    sdp(sdp.sdpType(), sdp.sdp());
                } catch (RuntimeException e) {
                    metrics.refused("dc_sdp");
                    LOG.info("calls session {}: SDP over the data channel refused: {}", id, e.getMessage());
                }
            } else if (m instanceof DcMessages.LockRequest && r != null) {
                r.lock(id, granted -> ch.send(DcMessages.encode(new DcMessages.LockResult(granted))));
            } else if (m instanceof DcMessages.Unlock && r != null) {
                r.unlock(id);
            } else if (m instanceof DcMessages.LossRate v) {
                metrics.clientLossRate(v.value());
            } else if (m instanceof DcMessages.RoundTripTime v) {
                metrics.clientRtt(v.seconds());
            } else if (m instanceof DcMessages.Jitter v) {
                metrics.clientJitter(v.value());
            } else {
                metrics.refused("dc_type");
            }
        }

        @Override
        public void onClose(CallsDataChannels.Channel ch) {
            if (ch.equals(channel)) {
                channel = null;
            }
        }
    }
}
