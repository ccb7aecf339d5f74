package io.prochat.rtc.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.MutableClock;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.gateway.config.RtcConfig;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Huddles on the SFU through the API, the join page and its WebSocket, without a browser. */
class HuddleApiTest {
    @TempDir
    Path dir;
    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.startWithHuddles(dir);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private String huddle() {
        return gw.api.post("/api/v1/calls", """
                {"title":"standup","kind":"huddle","createdBy":{"userId":"u-bob","name":"Bob"}}""").json()
                .get("id").asText();
    }

    @Test
    void aHuddleNobodyJoinsIsEndedByTheSweeperOnceUnusedForLong() {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (TestGateway timed = TestGateway.start(TestGateway.config(dir.resolve("timed"), RoutingMode.HYBRID,
                List.of(TestGateway.API_KEY), 65536), TestGateway.API_KEY, true, clock)) {
            String id = timed.api.post("/api/v1/calls", """
                    {"title":"later","kind":"huddle","createdBy":{"userId":"u-bob","name":"Bob"}}""").json()
                    .get("id").asText();
            String path = "/api/v1/calls/" + id;
            assertThat(timed.api.get(path).json().at("/live/occupants").asInt(-1)).isZero();
            timed.sweepIdleCalls();
            clock.advance(Duration.ofHours(24).minusSeconds(1));
            timed.sweepIdleCalls();
            assertThat(timed.api.get(path).json().get("state").asText()).isEqualTo("active");
            clock.advance(Duration.ofSeconds(1));
            timed.sweepIdleCalls();
            assertThat(timed.api.get(path).json().get("state").asText()).isEqualTo("ended");
            assertThat(timed.api.get("/metrics").body()).contains("prochat_calls_swept_total{reason=\"unused\"} 1.0");
        }
    }

    @Test
    void aHuddleRunsOnTheSfuAndEachParticipantGetsAPersonalExpiringLink() {
        JsonNode call = gw.api.post("/api/v1/calls", """
                {"title":"standup","kind":"huddle","createdBy":{"userId":"u-bob","name":"Bob"}}""").json();
        String id = call.get("id").asText();
        assertThat(call.get("backend").asText()).isEqualTo("sfu");
        assertThat(call.at("/route/fallback").asBoolean()).isFalse();
        assertThat(call.at("/route/reason").asText()).isEqualTo("a huddle was asked for; runs on the built-in SFU");
        assertThat(call.get("joinUrl").asText()).isEqualTo("http://127.0.0.1:" + gw.port() + "/huddle/" + id);

        JsonNode carol = gw.api.post("/api/v1/calls/" + id + "/participants",
                "{\"userId\":\"u-carol\",\"name\":\"Carol\"}").json();
        String url = carol.get("joinUrl").asText();
        assertThat(url).startsWith("http://127.0.0.1:" + gw.port() + "/huddle/" + id + "?token=");
        assertThat(URLDecoder.decode(url.substring(url.indexOf("token=") + 6), StandardCharsets.UTF_8))
                .isEqualTo(carol.get("token").asText());
        assertThat(Instant.parse(carol.get("expiresAt").asText())).isAfter(Instant.now().plusSeconds(3600));

        JsonNode backends = gw.api.get("/api/v1/backends").json();
        assertThat(backends.at("/backends/0/name").asText()).isEqualTo("sfu");
        assertThat(backends.at("/backends/0/status").asText()).isEqualTo("up");
        assertThat(backends.at("/backends/0/detail").asText()).isEqualTo("1 rooms, 0 participants of " + RtcConfig.DEFAULT_CAPACITY);
        assertThat(backends.at("/backends/0/rooms").asInt()).isEqualTo(1);
        assertThat(backends.at("/backends/0/capacity").asInt()).isEqualTo(RtcConfig.DEFAULT_CAPACITY);
        assertThat(backends.at("/backends/0/maxCallParticipants").asInt()).isEqualTo(100);

        assertThat(gw.api.delete("/api/v1/calls/" + id).status()).isEqualTo(200);
        assertThat(gw.api.get("/api/v1/backends").json().at("/backends/0/rooms").asInt()).isZero();
    }

    @Test
    void theJoinPageIsServedAndItsSocketRefusesAForeignOrForgedToken() throws Exception {
        String id = huddle();
        String other = huddle();
        String token = gw.api.post("/api/v1/calls/" + id + "/participants", "{\"userId\":\"u-carol\",\"name\":\"Carol\"}")
                .json().get("token").asText();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gw.port() + "/huddle/" + id + "?token=x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/huddle-assets/huddle.js", "id=\"mute\"", "id=\"screen\"", "id=\"leave\"",
                "id=\"join\"", "id=\"preview\"");
        // no inline code at all: the policy allows the page's own files and nothing else
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self';", "style-src 'self';", "frame-ancestors 'none'").doesNotContain("sha256"));

        assertThat(closeCode(http, other, token)).isEqualTo(HuddleSocket.BAD_TOKEN); // Carol's token, another call
        assertThat(closeCode(http, id, token.substring(0, token.length() - 2) + "AA")).isEqualTo(HuddleSocket.BAD_TOKEN);

        Socket ok = Socket.open(http, gw.port(), id, token);
        ok.ws.sendText("{\"type\":\"join\",\"sdp\":\"not sdp\",\"tracks\":{}}", true);
        assertThat(ok.next()).contains("\"type\":\"error\"", "\"code\":\"bad_offer\"");
        ok.ws.sendText("{\"type\":\"mute\",\"muted\":true}", true);
        assertThat(ok.next()).contains("\"code\":\"not_joined\"");
        ok.ws.abort();
    }

    @Test
    void theInfoEndpointAnswersTitleAndCountsForTheLinksOwnCallOnly() throws Exception {
        String id = gw.api.post("/api/v1/calls", """
                {"title":"Design review","kind":"huddle","channelId":"ch1","channelName":"design",
                 "createdBy":{"userId":"u-bob","name":"Bob"}}""").json().get("id").asText();
        String other = huddle();
        String token = gw.api.post("/api/v1/calls/" + id + "/participants", "{\"userId\":\"u-carol\",\"name\":\"Carol\"}")
                .json().get("token").asText();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> ok = info(http, gw.port(), id, "Bearer " + token);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ok.body());
        assertThat(body.get("title").asText()).isEqualTo("Design review");
        assertThat(body.get("channelId").asText()).isEqualTo("ch1");
        assertThat(body.at("/you/name").asText()).isEqualTo("Carol");
        assertThat(body.at("/you/userId").asText()).isEqualTo("u-carol");
        assertThat(body.get("participants").asInt()).isZero();
        assertThat(body.get("maxParticipants").asInt()).isEqualTo(100);

        assertThat(info(http, gw.port(), id, null).body()).contains("\"error\":\"link_invalid\"");
        HttpResponse<String> foreign = info(http, gw.port(), other, "Bearer " + token);
        assertThat(foreign.statusCode()).isEqualTo(401);
        assertThat(foreign.body()).contains("\"error\":\"link_invalid\"");
        assertThat(info(http, gw.port(), id, "Bearer " + token + "x").body()).contains("link_invalid");

        assertThat(gw.api.delete("/api/v1/calls/" + id).status()).isEqualTo(200);
        HttpResponse<String> ended = info(http, gw.port(), id, "Bearer " + token);
        assertThat(ended.statusCode()).isEqualTo(410);
        assertThat(ended.body()).contains("\"error\":\"call_ended\"", "this call has ended");
    }

    /** A link past its 12 hours is told apart from a forged one, on the info endpoint and on the socket. */
    @Test
    void anExpiredLinkIsToldApartFromAnInvalidOne() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (TestGateway timed = TestGateway.start(TestGateway.config(dir.resolve("timed"), RoutingMode.HYBRID,
                List.of(TestGateway.API_KEY), 65536), TestGateway.API_KEY, true, clock)) {
            String id = timed.api.post("/api/v1/calls", """
                    {"title":"late","kind":"huddle","createdBy":{"userId":"u-bob","name":"Bob"}}""").json()
                    .get("id").asText();
            String token = timed.api.post("/api/v1/calls/" + id + "/participants",
                    "{\"userId\":\"u-carol\",\"name\":\"Carol\"}").json().get("token").asText();
            HttpClient http = HttpClient.newHttpClient();
            assertThat(info(http, timed.port(), id, "Bearer " + token).statusCode()).isEqualTo(200);
            clock.advance(JoinTokens.VALIDITY);
            HttpResponse<String> expired = info(http, timed.port(), id, "Bearer " + token);
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(expired.body()).contains("\"error\":\"link_expired\"", "ask for a new one in the channel");
            assertThat(Socket.open(http, timed.port(), id, token).closed.get(5, TimeUnit.SECONDS))
                    .isEqualTo(HuddleSocket.EXPIRED_TOKEN);
            // forged stays "invalid", expired or not: only a genuine token is said to have expired
            String forged = token.substring(0, token.length() - 2) + "AA";
            assertThat(info(http, timed.port(), id, "Bearer " + forged).body()).contains("link_invalid");
            assertThat(Socket.open(http, timed.port(), id, forged).closed.get(5, TimeUnit.SECONDS))
                    .isEqualTo(HuddleSocket.BAD_TOKEN);
        }
    }

    private static HttpResponse<String> info(HttpClient http, int port, String callId, String authorization)
            throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/huddle/" + callId + "/info"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int closeCode(HttpClient http, String callId, String token) throws Exception {
        Socket s = Socket.open(http, gw.port(), callId, token);
        return s.closed.get(5, TimeUnit.SECONDS);
    }

    /** A WebSocket client that queues text messages and records the close code. */
    static final class Socket implements WebSocket.Listener {
        final LinkedBlockingQueue<String> in = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static Socket open(HttpClient http, int port, String callId, String token) throws Exception {
            Socket s = new Socket();
            s.ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/huddle/" + callId
                    + "/ws?token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8)), s).get(5, TimeUnit.SECONDS);
            return s;
        }

        String next() throws InterruptedException {
            String m = in.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("a message").isNotNull();
            return m;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                in.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }
}
