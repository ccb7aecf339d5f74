package io.prochat.rtc.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.prochat.rtc.gateway.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11: what the huddle socket accepts from a client. */
class HuddleSocketLimitsTest {
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

    private String token(String callId, String userId) {
        return gw.api.post("/api/v1/calls/" + callId + "/participants",
                "{\"userId\":\"" + userId + "\",\"name\":\"" + userId + "\"}").json().get("token").asText();
    }

    @Test
    void aMessageFarLargerThanSignallingNeedsClosesTheSocket() throws Exception {
        String id = huddle();
        HttpClient http = HttpClient.newHttpClient();
        HuddleApiTest.Socket s = HuddleApiTest.Socket.open(http, gw.port(), id, token(id, "u-carol"));
        long limit = HuddleSocket.maxMessageBytes(100);
        assertThat(limit).isLessThan(1 << 20);
        String big = "{\"type\":\"ping\",\"sdp\":\"" + "x".repeat((int) limit + 1024) + "\"}";
        s.ws.sendText(big, true);
        assertThat(s.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1009); // message too big
    }
}
