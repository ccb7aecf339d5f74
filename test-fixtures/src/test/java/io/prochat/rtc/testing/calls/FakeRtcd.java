package io.prochat.rtc.testing.calls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

import io.javalin.Javalin;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.websocket.WsContext;

/**
 * Just enough of rtcd's HTTP and {@code /ws} surface to test {@link CallsPluginStandIn} without a server: self
 * registration, Basic auth before the upgrade, {@code hello} on open, every binary frame recorded as (connection,
 * type, data as JSON) by a plain msgpack-core reader, and frames sent on demand.
 */
final class FakeRtcd implements AutoCloseable {
    record Frame(int connection, String type, String json) {
    }

    private final Map<String, String> keys = new ConcurrentHashMap<>();
    /** As rtcd's connMap: session id → the connection (1-based) of its latest join or reconnect. */
    private final Map<String, Integer> sessionConnections = new ConcurrentHashMap<>();
    private final Map<String, String> bridged = new ConcurrentHashMap<>();
    private final Map<String, Boolean> answered = new ConcurrentHashMap<>();
    private final List<String> registrations = new ArrayList<>();
    private final List<WsContext> connections = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();
    private final Javalin app;

    FakeRtcd() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.routes.post("/register", ctx -> {
                synchronized (this) {
                    registrations.add(ctx.header("Authorization") + " " + ctx.body());
                }
                Map<?, ?> body = CallsBrowser.JSON.readValue(ctx.body(), Map.class);
                keys.put((String) body.get("clientID"), (String) body.get("authKey"));
                ctx.status(201).contentType("application/json")
                        .result("{\"clientID\":\"" + body.get("clientID") + "\",\"code\":\"201\"}");
            });
            config.routes.wsBeforeUpgrade("/ws", ctx -> {
                String auth = ctx.header("Authorization");
                if (auth == null || !auth.startsWith("Basic ")) {
                    throw new UnauthorizedResponse();
                }
                String[] pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8)
                        .split(":", 2);
                if (pair.length != 2 || !pair[1].equals(keys.get(pair[0]))) {
                    throw new UnauthorizedResponse();
                }
            });
            config.routes.ws("/ws", ws -> {
                ws.onConnect(ctx -> {
                    int n;
                    synchronized (this) {
                        connections.add(ctx);
                        n = connections.size();
                    }
                    ctx.send(ByteBuffer.wrap(hello("prochat-test", "conn-" + n)));
                });
                ws.onBinaryMessage(ctx -> {
                    byte[] bytes = new byte[ctx.data().remaining()];
                    ctx.data().get(bytes);
                    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
                        String type = u.unpackString();
                        Value data = u.unpackValue();
                        int connection;
                        synchronized (this) {
                            connection = connections.indexOf(ctx) + 1;
                            frames.add(new Frame(connection, type, data.toJson()));
                            notifyAll();
                        }
                        route(connection, type, data);
                    }
                });
            });
        }).start();
    }

    /**
     * Instead of an SFU: relays the SDP and ICE of two sessions to each other, so two real Calls clients connect
     * peer to peer through the plugin stand-in. {@code b}'s offers before its first answer are dropped (its
     * RTCPeer, the polite peer, then answers {@code a}'s); ICE is wrapped as rtcd wraps its own candidates.
     */
    void bridge(String a, String b) {
        bridged.put(a, b);
        bridged.put(b, a);
        answered.put(b, false);
    }

    private void route(int connection, String type, Value data) {
        Map<String, Value> m = new java.util.HashMap<>();
        if (data.isMapValue()) {
            data.asMapValue().map().forEach((k, v) -> m.put(k.toString(), v));
        }
        if (type.equals("join") || type.equals("reconnect")) {
            sessionConnections.put(m.get("sessionID").toString(), connection);
            return;
        }
        if (!type.equals("rtc")) {
            return;
        }
        String from = m.get("session_id").toString();
        String to = bridged.get(from);
        int rtcType = m.get("type").asIntegerValue().toInt();
        Value d = m.get("data");
        if (to == null || d == null || (rtcType != 1 && rtcType != 2)) {
            return;
        }
        String json = new String(d.asBinaryValue().asByteArray(), StandardCharsets.UTF_8);
        if (rtcType == 2) {
            boolean offer = json.contains("\"type\":\"offer\"");
            if (Boolean.FALSE.equals(answered.get(from))) {
                if (offer) {
                    return;
                }
                answered.put(from, true);
            }
        } else {
            json = "{\"type\":\"candidate\",\"candidate\":" + json + "}";
        }
        Integer target = sessionConnections.get(to);
        if (target != null) {
            send(target, rtcdMessage("rtc", to, rtcType, json));
        }
    }

    int port() {
        return app.port();
    }

    void allow(String clientId, String authKey) {
        keys.put(clientId, authKey);
    }

    synchronized List<String> registrations() {
        return List.copyOf(registrations);
    }

    synchronized List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** Waits until at least {@code n} frames arrived; returns them all. */
    synchronized List<Frame> awaitFrames(int n, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (frames.size() < n) {
            long left = Duration.between(Instant.now(), end).toMillis();
            if (left <= 0) {
                throw new AssertionError("only " + frames.size() + " frames: " + frames);
            }
            wait(left);
        }
        return List.copyOf(frames);
    }

    /** Sends a frame on the {@code n}th connection (1-based). */
    void send(int n, byte[] frame) {
        WsContext ctx;
        synchronized (this) {
            ctx = connections.get(n - 1);
        }
        ctx.send(ByteBuffer.wrap(frame));
    }

    /** An rtc or vad frame as rtcd writes it: every field filled, data as bin (omitted when null). */
    static byte[] rtcdMessage(String envelope, String sessionId, int type, String data) {
        return pack(p -> {
            p.packString(envelope);
            p.packMapHeader(data == null ? 5 : 6);
            p.packString("group_id").packString("prochat-test");
            p.packString("user_id").packString("user-" + sessionId);
            p.packString("session_id").packString(sessionId);
            p.packString("call_id").packString("call");
            p.packString("type").packInt(type);
            if (data != null) {
                byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
                p.packString("data").packBinaryHeader(bytes.length);
                p.writePayload(bytes);
            }
        });
    }

    static byte[] close(String sessionId) {
        return pack(p -> {
            p.packString("close");
            p.packMapHeader(1);
            p.packString("sessionID").packString(sessionId);
        });
    }

    private static byte[] hello(String clientId, String connId) {
        return pack(p -> {
            p.packString("hello");
            p.packMapHeader(2);
            p.packString("clientID").packString(clientId);
            p.packString("connID").packString(connId);
        });
    }

    private interface Writer {
        void write(MessageBufferPacker p) throws IOException;
    }

    private static byte[] pack(Writer w) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            w.write(p);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
