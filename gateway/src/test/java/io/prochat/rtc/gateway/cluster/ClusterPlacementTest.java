package io.prochat.rtc.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.ClusterFixture;
import io.prochat.rtc.gateway.Gateway;
import io.prochat.rtc.gateway.SfuNode;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.store.Database;
import io.prochat.rtc.gateway.store.SfuNodeStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway with {@code --role gateway} and two SFU nodes in one JVM on one (H2) store: huddles spread over the
 * nodes, the join page signals on the call's node, a node that stops is marked down and its call moves to the other,
 * and with no node left the call ends with its reason and new huddles fall back to Jitsi, saying why. The same with
 * separate processes, PostgreSQL, a browser and kill -9 is {@code ClusterNodesIT}.
 */
class ClusterPlacementTest {
    @TempDir
    Path dir;
    private String store;
    private SfuNode a;
    private SfuNode b;
    private Gateway gateway;
    private ApiClient api;
    private Database db;

    @BeforeEach
    void start() {
        store = dir.resolve("store").toString();
        a = SfuNode.start(ClusterFixture.node(store, "node-a", 26), Clock.systemUTC());
        b = SfuNode.start(ClusterFixture.node(store, "node-b", 26), Clock.systemUTC());
        gateway = Gateway.start(ClusterFixture.gateway(store), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream()), Role.GATEWAY);
        api = new ApiClient("http://127.0.0.1:" + gateway.port(), TestGateway.API_KEY);
        db = Database.open("jdbc:h2:file:" + Path.of(store).toAbsolutePath());
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {gateway, a, b, db}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    private String huddle(String title) {
        JsonNode call = api.post("/api/v1/calls", "{\"title\":\"" + title + "\",\"kind\":\"huddle\","
                + "\"createdBy\":{\"userId\":\"u1\",\"name\":\"Ann\"}}").json();
        assertThat(call.get("backend").asText()).as(call.toString()).isEqualTo("sfu");
        return call.get("id").asText();
    }

    private String token(String callId) {
        JsonNode join = api.post("/api/v1/calls/" + callId + "/participants",
                "{\"userId\":\"u2\",\"name\":\"Bob\"}").json();
        String url = join.get("joinUrl").asText();
        assertThat(url).startsWith("http://127.0.0.1:" + gateway.port() + "/huddle/" + callId + "?token=");
        return join.get("token").asText();
    }

    private ApiClient.Answer info(String callId, String token) {
        return api.send(api.unauthenticated("/huddle/" + callId + "/info").header("Authorization", "Bearer " + token));
    }

    private static <T> T within(long millis, Supplier<Optional<T>> check) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            Optional<T> v = check.get();
            if (v.isPresent()) {
                return v.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + millis + " ms");
    }

    /** Text messages and the close code of one huddle WebSocket. */
    static final class Socket implements java.net.http.WebSocket.Listener {
        final java.util.concurrent.LinkedBlockingQueue<String> in = new java.util.concurrent.LinkedBlockingQueue<>();
        final java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket ws;

        static Socket open(int port, String callId, String token) throws Exception {
            Socket s = new Socket();
            s.ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(
                    "ws://127.0.0.1:" + port + "/huddle/" + callId + "/ws?token=" + java.net.URLEncoder.encode(token,
                            java.nio.charset.StandardCharsets.UTF_8)), s).get(10, java.util.concurrent.TimeUnit.SECONDS);
            return s;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data, boolean last) {
            in.add(data.toString());
            w.request(1);
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
            closed.complete(code);
            return null;
        }
    }

    @Test
    void aNodeMarkedDownWhileAliveLetsItsPagesGoAndRefusesCallsItNoLongerHas() throws Exception {
        SfuNodeStore nodes = new SfuNodeStore(db);
        String call = huddle("one");
        String here = nodes.nodeOf(call).orElseThrow();
        SfuNode node = here.equals("node-a") ? a : b;
        String other = here.equals("node-a") ? "node-b" : "node-a";
        String token = token(call);
        Socket page = Socket.open(node.port(), call, token);

        // as a gateway does after 4 s without a heartbeat (a long pause): down, and the call moves
        assertThat(nodes.markDown(here, nodes.find(here).orElseThrow().heartbeatAt())).isTrue();
        within(5000, () -> nodes.nodeOf(call).filter(other::equals));
        assertThat(page.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).as("service restart: reconnect")
                .isEqualTo(1012);
        within(5000, () -> nodes.find(here).filter(n -> n.state() == NodeState.UP));

        // a page that still comes here is told the call moved, and no room is made for it
        Socket late = Socket.open(node.port(), call, token);
        late.ws.sendText("{\"type\":\"join\",\"sdp\":\"v=0\"}", true);
        String answer = late.in.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer).contains("\"code\":\"moved\"");
        assertThat(api.get("/api/v1/calls/" + call).json().get("state").asText()).isEqualTo("active");
    }

    @Test
    void huddlesSpreadFollowTheirNodeAndMoveOrEndWhenNodesGo() throws Exception {
        SfuNodeStore nodes = new SfuNodeStore(db);
        String first = huddle("one");
        String second = huddle("two");
        String firstNode = nodes.nodeOf(first).orElseThrow();
        assertThat(api.get("/api/v1/calls/" + first).json().get("route").get("reason").asText())
                .as("the reason names the node").endsWith("; placed on SFU node " + firstNode);
        assertThat(nodes.nodeOf(second)).as("the other node: it has fewer calls").isPresent().get()
                .isIn("node-a", "node-b").isNotEqualTo(firstNode);
        if (firstNode.equals("node-b")) { // name them by their calls: a holds the first
            SfuNode t = a;
            a = b;
            b = t;
        }
        String other = firstNode.equals("node-a") ? "node-b" : "node-a";

        String token = token(first);
        JsonNode info = info(first, token).json();
        assertThat(info.get("socketUrl").asText()).isEqualTo("ws://127.0.0.1:" + a.port() + "/huddle/" + first + "/ws");
        String csp = api.send(api.unauthenticated("/huddle/" + first + "?token=" + token))
                .raw().headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("ws://127.0.0.1:" + a.port()).contains("ws://127.0.0.1:" + b.port())
                .contains("connect-src 'self' ws://127.0.0.1:");
        assertThat(api.get("/api/v1/backends").body()).contains("\"sfuNodes\"").contains("node-a").contains("node-b");
        assertThat(api.send(api.unauthenticated("/huddle/" + first + "/ws")).status())
                .as("the gateway has no huddle WebSocket of its own").isEqualTo(404);

        a.close(); // marks itself down; the watch moves its call
        a = null;
        String moved = within(5000, () -> nodes.nodeOf(first).filter(other::equals));
        assertThat(moved).isEqualTo(other);
        assertThat(info(first, token).json().get("socketUrl").asText()).contains(":" + b.port() + "/");
        assertThat(api.get("/api/v1/calls/" + first).json().get("state").asText()).isEqualTo("active");

        b.close();
        b = null;
        within(5000, () -> nodes.endReason(first));
        assertThat(nodes.endReason(first)).contains("its SFU node " + other + " was lost and no other node could take the call");
        // the watch stores the reason first, then ends the call (so the card can say why): wait for both calls' end
        for (String call : java.util.List.of(first, second)) {
            within(5000, () -> Optional.of(api.get("/api/v1/calls/" + call).json().get("state").asText())
                    .filter("ended"::equals));
        }
        ApiClient.Answer gone = info(first, token);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.json().get("message").asText()).contains("its SFU node " + other + " was lost");

        JsonNode fallback = api.post("/api/v1/calls", "{\"title\":\"three\","
                + "\"createdBy\":{\"userId\":\"u1\",\"name\":\"Ann\"}}").json();
        assertThat(fallback.get("backend").asText()).isEqualTo("jitsi");
        assertThat(fallback.get("route").get("reason").asText()).contains("no SFU node is up")
                .contains("falls back to Jitsi");
        assertThat(URI.create(fallback.get("joinUrl").asText()).getHost()).isEqualTo("meet.example.org");
    }
}
