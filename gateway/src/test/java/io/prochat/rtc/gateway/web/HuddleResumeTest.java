package io.prochat.rtc.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prochat.rtc.gateway.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 1: a session id is no secret (every roster lists them all); taking a session over needs the resume
 * token that only the joining connection was given.
 */
class HuddleResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    private String token(String callId, String userId) {
        return gw.api.post("/api/v1/calls/" + callId + "/participants",
                "{\"userId\":\"" + userId + "\",\"name\":\"" + userId + "\"}").json().get("token").asText();
    }

    private static JsonNode until(HuddleApiTest.Socket s, String type) throws Exception {
        for (int i = 0; i < 20; i++) {
            JsonNode m = JSON.readTree(s.next());
            if (type.equals(m.path("type").asText())) {
                return m;
            }
        }
        throw new AssertionError("no " + type);
    }

    private static String joinMessage() throws Exception {
        String offer = new String(HuddleResumeTest.class.getResourceAsStream("/sdp/chromium-offer.sdp")
                .readAllBytes(), StandardCharsets.UTF_8);
        return JSON.writeValueAsString(java.util.Map.of("type", "join", "sdp", offer,
                "tracks", java.util.Map.of("0", "mic", "1", "camera"), "mic", true, "camera", false));
    }

    @Test
    void anotherParticipantCannotResumeAndThenLeaveSomeoneElsesSession() throws Exception {
        String id = gw.api.post("/api/v1/calls", """
                {"title":"standup","kind":"huddle","createdBy":{"userId":"u-bob","name":"Bob"}}""").json()
                .get("id").asText();
        HttpClient http = HttpClient.newHttpClient();
        HuddleApiTest.Socket victim = HuddleApiTest.Socket.open(http, gw.port(), id, token(id, "u-victim"));
        victim.ws.sendText(joinMessage(), true);
        JsonNode joined = until(victim, "joined");
        String victimSession = joined.get("sessionId").asText();
        assertThat(joined.path("resumeToken").asText()).hasSizeGreaterThanOrEqualTo(22);

        HuddleApiTest.Socket mallory = HuddleApiTest.Socket.open(http, gw.port(), id, token(id, "u-mallory"));
        // mallory is in the call too (a valid join link of her own) and read the victim's id from the roster
        mallory.ws.sendText("{\"type\":\"resume\",\"sessionId\":\"" + victimSession + "\"}", true);
        mallory.ws.sendText("{\"type\":\"leave\"}", true);
        assertThat(until(mallory, "error").path("code").asText()).isEqualTo("unknown_session");
        Thread.sleep(500);

        assertThat(gw.api.get("/api/v1/calls/" + id).json().at("/live/occupants").asInt(-1))
                .as("the victim is still in the room").isEqualTo(1);
        HuddleApiTest.Socket again = HuddleApiTest.Socket.open(http, gw.port(), id, token(id, "u-victim"));
        again.ws.sendText("{\"type\":\"resume\",\"sessionId\":\"" + victimSession + "\",\"resumeToken\":\""
                + joined.get("resumeToken").asText() + "\"}", true);
        assertThat(until(again, "joined").get("sessionId").asText()).as("the victim resumes with its token")
                .isEqualTo(victimSession);
    }
}
