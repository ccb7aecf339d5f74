package io.prochat.rtc.gateway.rtcd;

import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Close;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Hello;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Join;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Leave;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Reconnect;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Rtc;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Vad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;

import static io.prochat.rtc.gateway.rtcd.RtcdHttp.KEY;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.basic;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.client;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin WebSocket end to end, with a real client and a recording session layer (rtcd.md §2). */
class RtcdSocketTest {
    @TempDir
    Path dir;

    @Test
    void helloJoinSignallingAndRoutingToTheNewestConnection() throws Exception {
        try (TestGateway gw = RtcdHttp.gateway(dir, true, false)) {
            RecordingSessions sessions = new RecordingSessions();
            sessions.outbound(gw.gateway().rtcdOutbound());
            gw.gateway().bindRtcdSessions(sessions);
            RtcdOutbound out = gw.gateway().rtcdOutbound();
            assertThat(post(gw, "/register", client("c1", KEY), null).status()).isEqualTo(201);

            PluginSocket a = PluginSocket.connect(gw.port(), basic("c1", KEY));
            Hello hello = (Hello) a.next();
            assertThat(hello.clientId()).isEqualTo("c1");
            assertThat(hello.connId()).matches("[ybndrfg8ejkmcpqxot1uwisza345h769]{26}");

            a.send(new Join("call1", "u1", "s1", "ch1", false, true));
            assertThat(sessions.next()).isEqualTo("join c1 s1 call1");
            a.send(new Rtc("", "", "s1", "", RtcdMessages.SDP, "{\"type\":\"offer\"}".getBytes(StandardCharsets.UTF_8)));
            assertThat(sessions.next()).isEqualTo("rtc c1 s1 2");

            // the server's messages for s1 go to the connection that joined it...
            PluginSocket b = PluginSocket.connect(gw.port(), basic("c1", KEY));
            PluginSocket c = PluginSocket.connect(gw.port(), "Bearer "
                    + post(gw, "/login", client("c1", KEY), null).json().get("bearerToken").asText());
            String cConn = ((Hello) c.next()).connId();
            assertThat(((Hello) b.next()).connId()).isNotEqualTo(hello.connId()).isNotEqualTo(cConn);
            Vad vad = new Vad("c1", "u1", "s1", "call1", true);
            out.send("c1", "s1", vad);
            assertThat(a.next()).isEqualTo(vad);
            assertThat(b.poll(300)).isNull();

            // ...and when it drops, at once to the newest open one (c), not b; the session lives on
            a.close();
            Rtc answer = new Rtc("c1", "u1", "s1", "call1", RtcdMessages.SDP,
                    "{\"type\":\"answer\",\"sdp\":\"v=0\"}".getBytes(StandardCharsets.UTF_8));
            awaitDelivered(() -> out.send("c1", "s1", answer), c);
            assertThat(b.poll(300)).isNull();

            // a reconnect through b moves the session there
            b.send(new Reconnect("s1"));
            assertThat(sessions.next()).isEqualTo("reconnect c1 s1");
            out.send("c1", "s1", vad);
            assertThat(b.next()).isEqualTo(vad);

            // leave: the session layer answers with close, on the session's connection
            b.send(new Leave("s1"));
            assertThat(sessions.next()).isEqualTo("leave c1 s1");
            assertThat(b.next()).isEqualTo(new Close("s1"));

            String metrics = RtcdHttp.anonymous(gw).get("/metrics").body();
            assertThat(metrics).contains("rtcd_ws_connections_total{clientID=\"c1\"} 2.0")
                    .contains("rtcd_ws_messages_total{clientID=\"c1\",direction=\"in\",type=\"join\"} 1.0")
                    .contains("rtcd_ws_messages_total{clientID=\"c1\",direction=\"out\",type=\"hello\"} 3.0")
                    .contains("rtcd_ws_messages_total{clientID=\"c1\",direction=\"out\",type=\"close\"} 1.0");
            b.close();
            c.close();
        }
    }

    private static byte[] upgradeRequest(String authorization) {
        return ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: " + authorization
                + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A WebSocket upgrade request written by hand; the whole answer as text. */
    private static String rawUpgrade(int port, String authorization) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(upgradeRequest(authorization));
            StringBuilder b = new StringBuilder();
            byte[] buf = new byte[4096];
            int n;
            try {
                while (!b.toString().contains("}") && (n = socket.getInputStream().read(buf)) > 0) {
                    b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (java.net.SocketTimeoutException e) {
                // answer as read so far
            }
            return b.toString();
        }
    }

    /** The server notices a closed connection asynchronously: resend until the message arrives on {@code to}. */
    private static void awaitDelivered(Runnable send, PluginSocket to) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            send.run();
            if (to.poll(200) != null) {
                return;
            }
        }
        throw new AssertionError("not delivered to the newest connection within 10 s");
    }

    @Test
    void oneAddressHoldsAtMostSixteenPluginConnections() throws Exception {
        try (TestGateway gw = RtcdHttp.gateway(dir, true, false)) {
            assertThat(post(gw, "/register", client("c1", KEY), null).status()).isEqualTo(201);
            java.util.List<PluginSocket> open = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < RtcdSocket.SOCKETS_PER_ADDRESS; i++) {
                    PluginSocket s = PluginSocket.connect(gw.port(), basic("c1", KEY));
                    assertThat(s.next()).isInstanceOf(Hello.class);
                    open.add(s);
                }
                PluginSocket extra = PluginSocket.connect(gw.port(), basic("c1", KEY));
                assertThat(extra.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1008);
                open.remove(0).close();
                long deadline = System.nanoTime() + 5_000_000_000L;
                PluginSocket again = null;
                while (again == null && System.nanoTime() < deadline) { // the closed one is released on its close
                    PluginSocket s = PluginSocket.connect(gw.port(), basic("c1", KEY));
                    if (s.poll(500) instanceof Hello) {
                        again = s;
                    }
                }
                assertThat(again).as("room for one once one closed").isNotNull();
                open.add(again);
            } finally {
                for (PluginSocket s : open) {
                    s.close();
                }
            }
        }
    }

    @Test
    void badCredentialsAreRefusedBeforeTheUpgrade() throws Exception {
        try (TestGateway gw = RtcdHttp.gateway(dir, true, true)) {
            post(gw, "/register", client("c1", KEY), null);
            for (String auth : new String[]{basic("c1", KEY + "x"), basic("nobody", KEY), "Bearer nope",
                    basic("admin", RtcdHttp.ADMIN_KEY)}) {
                assertThatThrownBy(() -> PluginSocket.connect(gw.port(), auth))
                        .isInstanceOf(CompletionException.class)
                        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                                e -> assertThat(e.getResponse().statusCode()).isIn(401, 403));
            }
            // the answer is JSON naming the problem (seen by a plain HTTP upgrade request)
            String answer = rawUpgrade(gw.port(), basic("c1", "wrong-key-wrong-key-wrong-key-xx"));
            assertThat(answer).startsWith("HTTP/1.1 401").contains("application/json")
                    .contains("{\"error\":\"authentication failed\",\"code\":\"401\"}");
            assertThat(RtcdHttp.anonymous(gw).get("/metrics").body())
                    .contains("prochat_rtcd_refused_total{reason=\"admin_ws\",where=\"api\"} 1.0");
        }
    }

    @Test
    void garbageIsCountedAndTheConnectionKept() throws Exception {
        try (TestGateway gw = RtcdHttp.gateway(dir, true, false)) {
            RecordingSessions sessions = new RecordingSessions();
            gw.gateway().bindRtcdSessions(sessions);
            post(gw, "/register", client("c1", KEY), null);
            post(gw, "/register", client("c2", KEY), null);
            PluginSocket one = PluginSocket.connect(gw.port(), basic("c1", KEY));
            PluginSocket two = PluginSocket.connect(gw.port(), basic("c2", KEY));
            one.next();
            two.next();
            one.send(new Join("call1", "u1", "s1", "ch1", false, false));
            assertThat(sessions.next()).isEqualTo("join c1 s1 call1");

            one.sendBytes(new byte[]{(byte) 0xc1, 1, 2});                     // not msgpack
            one.sendBytes(Hex.bytes("a3 66 6f 6f 80"));                        // unknown type "foo"
            one.sendBytes(RtcdCodec.encode(new Hello("c1", "x")));             // a server-only type
            one.sendText("hello?");                                             // text: ignored
            two.send(new Join("call1", "u2", "s1", "ch1", false, false));       // c1's session: refused
            two.send(new Rtc("", "", "s1", "", RtcdMessages.ICE, new byte[0])); // ditto
            one.send(new Join("call1", "u1", "s2", "ch1", false, false));       // still served
            assertThat(sessions.next()).isEqualTo("join c1 s2 call1");
            assertThat(sessions.calls).isEmpty();
            assertThat(one.closed).isNotDone();
            assertThat(two.closed).isNotDone();

            String metrics = RtcdHttp.anonymous(gw).get("/metrics").body();
            assertThat(metrics)
                    .contains("prochat_rtcd_refused_total{reason=\"malformed\",where=\"ws\"} 2.0")
                    .contains("prochat_rtcd_refused_total{reason=\"unexpected_type\",where=\"ws\"} 1.0")
                    .contains("prochat_rtcd_refused_total{reason=\"text_frame\",where=\"ws\"} 1.0")
                    .contains("prochat_rtcd_refused_total{reason=\"other_client\",where=\"ws\"} 2.0")
                    .contains("rtcd_ws_messages_total{clientID=\"c1\",direction=\"in\",type=\"text\"} 1.0");
            one.close();
            two.close();
        }
    }
}
