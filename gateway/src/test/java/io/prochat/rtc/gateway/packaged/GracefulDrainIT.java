package io.prochat.rtc.gateway.packaged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SIGTERM to the shipped jar with a live huddle (a synthetic participant that joined over the huddle WebSocket with
 * a Chromium offer): new calls and joins get 503 "draining", /healthz says draining, the participant is told, the
 * huddle is ended properly when [Gateway] DrainTimeoutSeconds runs out, and the process exits 0.
 */
class GracefulDrainIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Text messages of one WebSocket, in order. */
    static final class Socket implements WebSocket.Listener {
        final LinkedBlockingQueue<String> in = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static Socket open(HttpClient http, int port, String callId, String token) throws Exception {
            Socket s = new Socket();
            s.ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/huddle/" + callId
                    + "/ws?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)), s).get(10, TimeUnit.SECONDS);
            return s;
        }

        /** The next message of {@code type}, skipping others (offers, rosters…); fails after 20 s. */
        JsonNode until(String type) throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < end) {
                String m = in.poll(500, TimeUnit.MILLISECONDS);
                if (m != null && type.equals(JSON.readTree(m).path("type").asText())) {
                    return JSON.readTree(m);
                }
            }
            throw new AssertionError("no " + type + " message");
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
    }

    static String joinMessage() throws Exception {
        String offer = new String(GracefulDrainIT.class.getResourceAsStream("/sdp/chromium-offer.sdp").readAllBytes(),
                StandardCharsets.UTF_8);
        return JSON.writeValueAsString(Map.of("type", "join", "sdp", offer, "tracks", Map.of("0", "mic", "1", "camera"),
                "mic", true, "camera", false));
    }

    @Test
    void sigtermDrainsTellsTheHuddleEndsItAndExits0() throws Exception {
        int apiPort = FreePorts.tcp();
        Map<String, String> env = new HashMap<>(Features.base(apiPort, FreePorts.tcpAndUdp()));
        // shorter than the synthetic participant lasts (its ICE never connects: the SFU drops it after about 5 s)
        env.put("PROCHAT_GATEWAY_DRAINTIMEOUTSECONDS", "3");
        PackagedJar jar = PackagedJar.start(dir, env, "serve").awaitListening(apiPort);
        ApiClient api = new ApiClient("http://127.0.0.1:" + apiPort, Features.API_KEY);
        HttpClient http = HttpClient.newHttpClient();
        String callId;
        try {
            String call = api.post("/api/v1/calls", """
                    {"title":"standup","kind":"huddle","createdBy":{"userId":"ann","name":"Ann"}}""").json()
                    .get("id").asText();
            String annToken = api.post("/api/v1/calls/" + call + "/participants",
                    "{\"userId\":\"ann\",\"name\":\"Ann\"}").json().get("token").asText();
            String bobToken = api.post("/api/v1/calls/" + call + "/participants",
                    "{\"userId\":\"bob\",\"name\":\"Bob\"}").json().get("token").asText();
            callId = call;
            Socket ann = Socket.open(http, apiPort, call, annToken);
            ann.ws.sendText(joinMessage(), true);
            ann.until("joined");
            Socket bob = Socket.open(http, apiPort, call, bobToken); // link in hand, not joined yet

            jar.terminate();

            JsonNode notice = ann.until("draining");
            assertThat(notice.get("endsBy").asText()).isNotBlank();
            assertThat(notice.get("message").asText()).contains("restarting");
            ApiClient.Answer created = api.post("/api/v1/calls", """
                    {"title":"late","kind":"huddle","createdBy":{"userId":"cid","name":"Cid"}}""");
            assertEquals(503, created.status(), created.body());
            assertEquals("draining", created.json().get("error").asText());
            assertThat(created.raw().headers().firstValue("Retry-After")).hasValue("60");
            ApiClient.Answer joined = api.post("/api/v1/calls/" + call + "/participants",
                    "{\"userId\":\"cid\",\"name\":\"Cid\"}");
            assertEquals(503, joined.status(), joined.body());
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + apiPort + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode());
            assertEquals("draining", JSON.readTree(health.body()).get("status").asText());
            bob.ws.sendText(joinMessage(), true);
            assertEquals("draining", bob.until("error").get("code").asText());
            assertEquals("active", api.get("/api/v1/calls/" + call).json().get("state").asText(),
                    "the running huddle goes on during the drain");

            PackagedJar.Result exit = jar.awaitExit(Duration.ofSeconds(40));

            assertEquals(0, exit.exit(), exit.toString());
            assertThat(exit.out() + exit.err()).contains("draining: no new calls or joins; 1 people in huddles here")
                    .contains("drained: ended 1 huddle(s); 1 people were still in them");
        } finally {
            jar.close();
        }

        // the huddle was ended as DELETE ends it: the next start finds it ended, with its end time
        int again = FreePorts.tcp();
        Map<String, String> env2 = new HashMap<>(Features.base(again, FreePorts.tcpAndUdp()));
        try (PackagedJar next = PackagedJar.start(dir, env2, "serve").awaitListening(again)) {
            JsonNode ended = new ApiClient("http://127.0.0.1:" + again, Features.API_KEY).get("/api/v1/calls/" + callId)
                    .json();
            assertEquals("ended", ended.get("state").asText(), ended.toString());
            assertThat(ended.path("endedAt").asText()).isNotBlank();
        }
    }
}
