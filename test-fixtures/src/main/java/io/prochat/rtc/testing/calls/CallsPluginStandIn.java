package io.prochat.rtc.testing.calls;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.prochat.rtc.testing.mattermost.MattermostIds;

/**
 * A stand-in for the Mattermost Calls <em>plugin</em> on rtcd's {@code /ws} (research/rtcd.md §1.1, §2): it
 * authenticates as the plugin's Go client does (HTTP Basic {@code clientID:authKey}; with
 * {@link Registration#IF_CONNECT_FAILS}: connect first, {@code POST /register} only if that fails, connect again),
 * waits for {@code hello}, answers pings (the JDK WebSocket does), writes msgpack frames with {@link RtcdWire}, and
 * relays between {@link CallsClientPage}s and rtcd as the plugin relays between the webapp and rtcd:
 * <ul>
 *   <li>page → rtcd: {@code sdp} → {@code rtc} type 2, {@code ice} → type 1 (the JSON bytes as {@code data}; SDP
 *       uncompressed, as the plugin forwards it after inflating), {@code mute}/{@code unmute} → 3/4,
 *       {@code screen_on} → 5 with {@code {"screenStreamID"}}, {@code screen_off} → 6;</li>
 *   <li>rtcd → page: {@code rtc} SDP and ICE → {@link CallsClientPage#signal(String)}; {@code vad} and
 *       {@code close} are recorded.</li>
 * </ul>
 * Everything sent and received per session goes to its {@link SessionLog}; frames for unknown sessions go to
 * {@link #unrouted()}. {@link #dropConnection()} and {@link #reconnect(boolean)} play a plugin ⇄ rtcd WebSocket
 * drop; page messages queued while disconnected are sent after reconnecting.
 *
 * <p>Threads: the JDK WebSocket's listener decodes frames and only queues and records; one relay thread
 * ({@code calls-plugin-relay}) does all page calls and sends, every 20 ms while signalling moves, else every 100 ms. Public methods may be called from any
 * thread.
 *
 * <pre>{@code
 * try (CallsBrowser browser = CallsBrowser.start();
 *      CallsPluginStandIn plugin = CallsPluginStandIn.connect(URI.create("http://127.0.0.1:" + port),
 *              "prochat-test", "a-key-of-at-least-thirty-two-characters", Registration.IF_CONNECT_FAILS)) {
 *     String call = MattermostIds.newId();
 *     String channel = MattermostIds.newId();
 *     CallsPluginStandIn.Session alice = plugin.join(browser.newClient("alice", ClientOptions.loopback()),
 *             JoinRequest.newSession(call, channel));
 *     CallsPluginStandIn.Session bob = plugin.join(browser.newClient("bob", ClientOptions.loopback()),
 *             JoinRequest.newSession(call, channel));
 *     alice.page().awaitStats(PeerStats::connected, Duration.ofSeconds(15));
 *     alice.page().unmute();
 *     // rtcd names the forwarded stream after the sender's session id
 *     bob.page().awaitStats(s -> s.inbound("audio", alice.sessionId())
 *             .filter(a -> a.decodedSamples() > 48_000).isPresent(), Duration.ofSeconds(15));
 *     CallsClientPage.ScreenShare screen = alice.page().startScreenShare();
 *     bob.page().awaitStats(s -> s.inbound("video").stream().anyMatch(v -> v.frames() > 10),
 *             Duration.ofSeconds(15));
 *     alice.log().await(SessionEvent.Kind.VOICE_ON, Duration.ofSeconds(10));
 *     plugin.dropConnection();
 *     plugin.reconnect(true);   // media keeps flowing meanwhile: assert on bob's stats again
 * }
 * }</pre>
 */
public final class CallsPluginStandIn implements AutoCloseable {
    /** What to do when the first WebSocket connection fails. */
    public enum Registration {
        /** Fail. */
        NEVER,
        /** As the plugin: {@code POST /register} with the same credentials, then connect again. */
        IF_CONNECT_FAILS
    }

    /** The plugin's {@code join} data. */
    public record JoinRequest(String callId, String userId, String sessionId, String channelId, boolean av1Support,
                              boolean dcSignaling) {
        /** A join without AV1 and without data channel signalling (as calls-common 0.27.2 does). */
        public static JoinRequest of(String callId, String userId, String sessionId, String channelId) {
            return new JoinRequest(callId, userId, sessionId, channelId, false, false);
        }

        /** As {@link #of}, with a new Mattermost-shaped user id and session id. */
        public static JoinRequest newSession(String callId, String channelId) {
            return of(callId, MattermostIds.newId(), MattermostIds.newId(), channelId);
        }
    }

    /** One joined client: its page, its session id on rtcd, and its log. */
    public static final class Session {
        private final JoinRequest join;
        private final ClientSignalling client;
        private final SessionLog log;
        private final ConcurrentLinkedQueue<String> toPage = new ConcurrentLinkedQueue<>();
        private final List<ClientMessage> outbox = new ArrayList<>();
        private volatile boolean relaying;
        private volatile RuntimeException pageFailure;

        private Session(JoinRequest join, ClientSignalling client) {
            this.join = join;
            this.client = client;
            this.log = new SessionLog(join.sessionId());
        }

        public String sessionId() {
            return join.sessionId();
        }

        public JoinRequest join() {
            return join;
        }

        /** The joined page ({@link IllegalStateException} if a fake client was joined instead). */
        public CallsClientPage page() {
            if (client instanceof CallsClientPage p) {
                return p;
            }
            throw new IllegalStateException("not a page: " + client);
        }

        public ClientSignalling client() {
            return client;
        }

        public SessionLog log() {
            return log;
        }

        /** The first exception a page call threw during relaying (then relaying stopped), or null. */
        public RuntimeException pageFailure() {
            return pageFailure;
        }

        @Override
        public String toString() {
            return "Session[" + join.sessionId() + ", " + client + "]";
        }
    }

    private final URI serviceUrl;
    private final String clientId;
    private final String authKey;
    private final Registration registration;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<RtcdFrame> unrouted = new ArrayList<>();
    private final List<RtcdFrame.Hello> hellos = new ArrayList<>();
    private final Thread relay;
    private volatile RtcdConnection connection;
    private volatile boolean closed;

    private CallsPluginStandIn(URI serviceUrl, String clientId, String authKey, Registration registration) {
        this.serviceUrl = serviceUrl;
        this.clientId = clientId;
        this.authKey = authKey;
        this.registration = registration;
        this.relay = new Thread(this::relayLoop, "calls-plugin-relay");
        this.relay.setDaemon(true);
    }

    /**
     * Connects to {@code <serviceUrl with ws/wss>/ws} and waits for {@code hello}.
     *
     * @param serviceUrl rtcd's HTTP base, e.g. {@code http://127.0.0.1:8045}
     * @throws IllegalStateException if the connection (and registration, when asked) fails
     */
    public static CallsPluginStandIn connect(URI serviceUrl, String clientId, String authKey,
                                             Registration registration) {
        CallsPluginStandIn plugin = new CallsPluginStandIn(serviceUrl, clientId, authKey, registration);
        plugin.connection = plugin.open();
        plugin.relay.start();
        return plugin;
    }

    /**
     * Sends {@code join} for a page's client and starts relaying its signalling (the page's first offer, queued when
     * it was created, goes out right after the {@code join}, as the webapp creates RTCPeer only after the join ack).
     */
    public Session join(CallsClientPage page, JoinRequest join) {
        return join((ClientSignalling) page, join);
    }

    /** As {@link #join(CallsClientPage, JoinRequest)}, for any client (a fake, in tests of this class). */
    public Session join(ClientSignalling client, JoinRequest join) {
        Session s = new Session(join, client);
        if (sessions.putIfAbsent(join.sessionId(), s) != null) {
            throw new IllegalStateException("session already joined here: " + join.sessionId());
        }
        send(RtcdWire.join(join.callId(), join.userId(), join.sessionId(), join.channelId(), join.av1Support(),
                join.dcSignaling()));
        s.log.add(SessionEvent.Kind.SENT_JOIN, join.toString());
        s.relaying = true;
        return s;
    }

    /** Sends {@code leave} and stops relaying the page (its {@code close} is still recorded). */
    public void leave(Session s) {
        s.relaying = false;
        send(RtcdWire.leave(s.sessionId()));
        s.log.add(SessionEvent.Kind.SENT_LEAVE, "");
    }

    /** Sends an {@code rtc} message for a session by hand (e.g. {@code video_on}, or a malformed one). */
    public void sendRtc(Session s, int type, String json) {
        send(RtcdWire.rtc(RtcMessage.fromPlugin(s.sessionId(), type, json)));
    }

    /** Sends any frame as is. */
    public void sendRaw(byte[] frame) {
        send(frame);
    }

    /** Drops the WebSocket abruptly (TCP closed, no close frame), as a crashed Mattermost node. */
    public void dropConnection() {
        RtcdConnection c = connection;
        connection = null;
        if (c != null) {
            c.abort();
        }
    }

    /**
     * Opens a new WebSocket (a new {@code hello}, a new connID); with {@code sendReconnect}, then sends
     * {@code reconnect{sessionID}} for every joined session, as the plugin does when a user's Mattermost WebSocket
     * comes back (rtcd routes a session's messages to the connection of its latest {@code join}/{@code reconnect}).
     */
    public void reconnect(boolean sendReconnect) {
        RtcdConnection old = connection;
        if (old != null) {
            old.close("reconnect");
        }
        connection = open();
        if (sendReconnect) {
            for (Session s : sessions.values()) {
                if (s.relaying) {
                    send(RtcdWire.reconnect(s.sessionId()));
                    s.log.add(SessionEvent.Kind.SENT_RECONNECT, "");
                }
            }
        }
    }

    /** Whether a WebSocket is open. */
    public boolean connected() {
        RtcdConnection c = connection;
        return c != null && c.isOpen();
    }

    /** Every {@code hello} received, one per connection. */
    public List<RtcdFrame.Hello> hellos() {
        synchronized (hellos) {
            return List.copyOf(hellos);
        }
    }

    /** Frames for sessions not joined here, and frames that did not decode. */
    public List<RtcdFrame> unrouted() {
        synchronized (unrouted) {
            return List.copyOf(unrouted);
        }
    }

    @Override
    public void close() {
        closed = true; // the relay thread sees it within 20 ms; an interrupt would break a WebDriver call midway
        try {
            relay.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RtcdConnection c = connection;
        connection = null;
        if (c != null) {
            c.close("bye");
        }
    }

    /** One send at a time, on the current connection. */
    private synchronized void send(byte[] frame) {
        RtcdConnection c = connection;
        if (c == null) {
            throw new IllegalStateException("not connected");
        }
        c.send(frame);
    }

    private RtcdConnection open() {
        RtcdConnection c = RtcdConnection.open(http, serviceUrl, clientId, authKey, registration, this::received);
        synchronized (hellos) {
            hellos.add(c.hello());
        }
        return c;
    }

    /** On the WebSocket's thread: records and queues only. */
    private void received(RtcdFrame frame) {
        if (frame instanceof RtcdFrame.Rtc r) {
            Session s = sessions.get(r.message().sessionId());
            if (s == null) {
                keepUnrouted(frame);
            } else if (r.message().type() == RtcMessage.SDP || r.message().type() == RtcMessage.ICE) {
                s.log.add(r.message().type() == RtcMessage.SDP ? SessionEvent.Kind.RECEIVED_SDP
                        : SessionEvent.Kind.RECEIVED_ICE, r.message().dataText());
                s.toPage.add(r.message().dataText());
            } else {
                s.log.add(SessionEvent.Kind.RECEIVED_RTC_OTHER, r.message().toString());
            }
        } else if (frame instanceof RtcdFrame.Vad v) {
            Session s = sessions.get(v.message().sessionId());
            if (s == null) {
                keepUnrouted(frame);
            } else {
                int type = v.message().type();
                s.log.add(type == RtcMessage.VOICE_ON ? SessionEvent.Kind.VOICE_ON
                        : type == RtcMessage.VOICE_OFF ? SessionEvent.Kind.VOICE_OFF
                        : SessionEvent.Kind.RECEIVED_RTC_OTHER, v.message().toString());
            }
        } else if (frame instanceof RtcdFrame.Close cl && sessions.containsKey(cl.sessionId())) {
            Session s = sessions.get(cl.sessionId());
            s.relaying = false;
            s.log.add(SessionEvent.Kind.CLOSE, "");
        } else {
            keepUnrouted(frame);
        }
    }

    private void keepUnrouted(RtcdFrame frame) {
        synchronized (unrouted) {
            unrouted.add(frame);
        }
    }

    // ---- relay ----------------------------------------------------------------------------------------------

    /**
     * Polls fast (20 ms) for a second after anything moved, then every 100 ms: each poll is a WebDriver round trip
     * per session, which costs CPU in chromedriver and the browser on a two-core machine.
     */
    private void relayLoop() {
        long busyUntil = 0;
        while (!closed) {
            boolean moved = false;
            for (Session s : sessions.values()) {
                if (s.pageFailure == null) {
                    moved |= relayOnce(s);
                }
            }
            long now = System.nanoTime();
            if (moved) {
                busyUntil = now + 1_000_000_000L;
            }
            try {
                Thread.sleep(now < busyUntil ? 20 : 100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One pass for one session; whether anything moved. */
    private boolean relayOnce(Session s) {
        boolean moved = false;
        try {
            String in;
            while ((in = s.toPage.poll()) != null) {
                s.client.signal(in);
                moved = true;
            }
            if (!s.relaying) {
                return moved;
            }
            List<ClientMessage> fresh = s.client.drainOutgoing();
            moved |= !fresh.isEmpty();
            s.outbox.addAll(fresh);
            while (!s.outbox.isEmpty() && connected()) {
                ClientMessage m = s.outbox.get(0);
                try {
                    forward(s, m);
                } catch (IllegalStateException e) {
                    return moved; // the connection went away mid-send: kept for after the reconnect
                }
                s.outbox.remove(0);
            }
        } catch (RuntimeException e) {
            s.pageFailure = e;
        }
        return moved;
    }

    private void forward(Session s, ClientMessage m) {
        int type;
        SessionEvent.Kind kind;
        switch (m.type()) {
            case ClientMessage.SDP -> {
                type = RtcMessage.SDP;
                kind = SessionEvent.Kind.SENT_SDP;
            }
            case ClientMessage.ICE -> {
                type = RtcMessage.ICE;
                kind = SessionEvent.Kind.SENT_ICE;
            }
            case ClientMessage.MUTE -> {
                type = RtcMessage.MUTE;
                kind = SessionEvent.Kind.SENT_MUTE;
            }
            case ClientMessage.UNMUTE -> {
                type = RtcMessage.UNMUTE;
                kind = SessionEvent.Kind.SENT_UNMUTE;
            }
            case ClientMessage.SCREEN_ON -> {
                type = RtcMessage.SCREEN_ON;
                kind = SessionEvent.Kind.SENT_SCREEN_ON;
            }
            case ClientMessage.SCREEN_OFF -> {
                type = RtcMessage.SCREEN_OFF;
                kind = SessionEvent.Kind.SENT_SCREEN_OFF;
            }
            default -> throw new IllegalArgumentException("unknown client message " + m);
        }
        send(RtcdWire.rtc(RtcMessage.fromPlugin(s.sessionId(), type, m.data())));
        s.log.add(kind, m.data());
    }
}
