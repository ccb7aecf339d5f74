package io.prochat.rtc.gateway.api;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.ApiClient.Answer;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.RoutingMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Calls API over real HTTP against a real gateway with its embedded store. */
class CallsApiTest {
    @TempDir
    Path dir;
    TestGateway gw;

    @BeforeEach
    void start() {
        gw = TestGateway.start(dir);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    static String meeting(String channel) {
        return """
                {"channelId":"%s","title":"Quarterly review","kind":"auto",
                 "createdBy":{"userId":"u-alice","name":"Alice Example","email":"alice@example.org"},
                 "needs":{"recording":true}}""".formatted(channel);
    }

    static String huddle(String channel) {
        return """
                {"channelId":"%s","title":"standup","kind":"huddle",
                 "createdBy":{"userId":"u-bob","name":"Bob"}}""".formatted(channel);
    }

    @Test
    void meetingGetsJitsiRoomAndPersonalSignedLinks() {
        Answer created = gw.api.post("/api/v1/calls", meeting("ch-1"));
        assertEquals(201, created.status(), created.body());
        JsonNode call = created.json();
        assertEquals("meeting", call.get("kind").asText());
        assertEquals("jitsi", call.get("backend").asText());
        assertEquals("active", call.get("state").asText());
        assertThat(call.at("/route/reason").asText()).contains("needs recording");
        assertThat(call.at("/route/fallback").asBoolean()).isFalse();
        String room = call.get("room").asText();
        assertThat(room).matches("[a-z0-9-]{8,64}");
        assertEquals("https://meet.example.org/" + room, call.get("joinUrl").asText());
        assertEquals("/api/v1/calls/" + call.get("id").asText(), created.raw().headers().firstValue("Location").orElseThrow());

        String id = call.get("id").asText();
        JsonNode alice = gw.api.post("/api/v1/calls/" + id + "/participants",
                "{\"userId\":\"u-alice\",\"name\":\"Alice Example\",\"email\":\"alice@example.org\"}").json();
        JsonNode bob = gw.api.post("/api/v1/calls/" + id + "/participants",
                "{\"userId\":\"u-bob\",\"name\":\"Bob\",\"avatarUrl\":\"https://chat.example.org/api/v4/users/u-bob/image\"}").json();

        assertThat(alice.get("moderator").asBoolean()).as("the creator moderates").isTrue();
        assertThat(bob.get("moderator").asBoolean()).isFalse();
        DecodedJWT aliceToken = verify(alice.get("token").asText(), room);
        DecodedJWT bobToken = verify(bob.get("token").asText(), room);
        assertEquals("Alice Example", ((Map<?, ?>) aliceToken.getClaim("context").asMap().get("user")).get("name"));
        assertEquals("u-bob", ((Map<?, ?>) bobToken.getClaim("context").asMap().get("user")).get("id"));
        assertThat(alice.get("joinUrl").asText()).startsWith("https://meet.example.org/" + room + "?jwt=" + alice.get("token").asText());
        assertThat(alice.get("expiresAt").asText()).isEqualTo(aliceToken.getExpiresAtAsInstant().toString());

        JsonNode again = gw.api.get("/api/v1/calls/" + id).json();
        assertThat(again.get("participants")).hasSize(2);
        assertEquals("u-alice", again.at("/participants/0/userId").asText());
        assertThat(again.at("/participants/0/moderator").asBoolean()).isTrue();
    }

    private static DecodedJWT verify(String token, String room) {
        return JWT.require(Algorithm.HMAC256(TestGateway.JITSI_SECRET))
                .withIssuer("prochat").withClaim("room", room).build().verify(token);
    }

    @Test
    void huddleFallsBackToJitsiWhileTheSfuIsUnavailableAndSaysWhy() {
        JsonNode call = gw.api.post("/api/v1/calls", huddle("ch-1")).json();

        assertEquals("huddle", call.get("kind").asText());
        assertEquals("jitsi", call.get("backend").asText());
        assertThat(call.at("/route/fallback").asBoolean()).isTrue();
        assertEquals("hybrid", call.at("/route/mode").asText());
        assertThat(call.at("/route/reason").asText())
                .isEqualTo("a huddle was asked for; SFU unavailable (huddle rooms are switched off on this gateway), so it falls back to Jitsi");
    }

    @Test
    void listsByChannelAndState() {
        String a1 = gw.api.post("/api/v1/calls", huddle("ch-a")).json().get("id").asText();
        String a2 = gw.api.post("/api/v1/calls", meeting("ch-a")).json().get("id").asText();
        gw.api.post("/api/v1/calls", huddle("ch-b"));
        assertEquals(200, gw.api.delete("/api/v1/calls/" + a1).status());

        assertThat(ids(gw.api.get("/api/v1/calls?channelId=ch-a").json())).containsExactlyInAnyOrder(a1, a2);
        assertThat(ids(gw.api.get("/api/v1/calls?channelId=ch-a&state=active").json())).containsExactly(a2);
        assertThat(ids(gw.api.get("/api/v1/calls?state=ended").json())).containsExactly(a1);
        assertThat(ids(gw.api.get("/api/v1/calls").json())).hasSize(3);
        assertThat(ids(gw.api.get("/api/v1/calls?limit=1").json())).hasSize(1);
    }

    static List<String> ids(JsonNode list) {
        return list.get("calls").findValuesAsText("id");
    }

    @Test
    void endingRecordsTheEndAndRefusesFurtherJoins() {
        String id = gw.api.post("/api/v1/calls", meeting("ch-1")).json().get("id").asText();
        gw.api.post("/api/v1/calls/" + id + "/participants", "{\"userId\":\"u-carol\",\"name\":\"Carol\"}");

        Answer ended = gw.api.delete("/api/v1/calls/" + id);
        assertEquals(200, ended.status());
        assertEquals("ended", ended.json().get("state").asText());
        assertThat(ended.json().get("endedAt").asText()).isNotEmpty();
        assertThat(ended.json().get("participants")).hasSize(1);

        Answer twice = gw.api.delete("/api/v1/calls/" + id);
        assertEquals(409, twice.status());
        assertEquals("call_ended", twice.json().get("error").asText());
        Answer lateJoin = gw.api.post("/api/v1/calls/" + id + "/participants", "{\"userId\":\"u-dan\",\"name\":\"Dan\"}");
        assertEquals(409, lateJoin.status());
    }

    @Test
    void joinsRacingAnEndAreEitherRecordedOrRefusedNeverLost() throws Exception {
        String id = gw.api.post("/api/v1/calls", meeting("ch-race")).json().get("id").asText();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Answer>> joins = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String body = "{\"userId\":\"u-" + i + "\",\"name\":\"User " + i + "\"}";
                joins.add(pool.submit(() -> gw.api.post("/api/v1/calls/" + id + "/participants", body)));
                if (i == 12) {
                    joins.add(pool.submit(() -> gw.api.delete("/api/v1/calls/" + id)));
                }
            }
            int linked = 0;
            for (var f : joins) {
                Answer a = f.get();
                assertThat(a.status()).as(a.body()).isIn(200, 409);
                if (a.status() == 200 && a.json().has("callId")) { // a join, not the DELETE
                    linked++;
                }
            }
            JsonNode call = gw.api.get("/api/v1/calls/" + id).json();
            assertEquals("ended", call.get("state").asText());
            assertThat(call.get("participants")).as("everyone handed a link is on the record").hasSize(linked);
            for (JsonNode p : call.get("participants")) {
                assertThat(java.time.Instant.parse(p.get("joinedAt").asText()))
                        .isBeforeOrEqualTo(java.time.Instant.parse(call.get("endedAt").asText()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void backendsShowTheSfuDownAndJitsiUp() {
        JsonNode b = gw.api.get("/api/v1/backends").json();
        assertEquals("hybrid", b.get("mode").asText());
        assertEquals("sfu", b.at("/backends/0/name").asText());
        assertEquals("down", b.at("/backends/0/status").asText());
        assertEquals("huddle rooms are switched off on this gateway", b.at("/backends/0/detail").asText());
        assertEquals("jitsi", b.at("/backends/1/name").asText());
        assertEquals("up", b.at("/backends/1/status").asText());
        assertThat(b.at("/backends/1/signedLinks").asBoolean()).isTrue();
        assertThat(b.toString()).doesNotContain(TestGateway.JITSI_SECRET);
    }

    @Test
    void everyApiEndpointWantsAKey() {
        for (String path : List.of("/api/v1/calls", "/api/v1/backends", "/api/v1/calls/abc")) {
            Answer none = gw.api.send(gw.api.unauthenticated(path).GET());
            assertEquals(401, none.status(), path);
            assertEquals("unauthorized", none.json().get("error").asText());
            assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            Answer wrong = gw.api.send(gw.api.unauthenticated(path).header("Authorization", "Bearer nope").GET());
            assertEquals(401, wrong.status(), path);
            Answer basic = gw.api.send(gw.api.unauthenticated(path).header("Authorization", "Basic " + TestGateway.API_KEY).GET());
            assertEquals(401, basic.status(), path);
        }
        Answer post = gw.api.send(gw.api.unauthenticated("/api/v1/calls")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(huddle("x"))));
        assertEquals(401, post.status());
        assertThat(gw.api.get("/api/v1/calls").json().get("calls")).as("nothing was created").isEmpty();
    }

    @Test
    void sfuOnlyModeRefusesWhileTheSfuIsUnavailable(@TempDir Path other) {
        try (TestGateway sfuOnly = TestGateway.start(
                TestGateway.config(other, RoutingMode.SFU_ONLY, List.of(TestGateway.API_KEY), 65536), TestGateway.API_KEY)) {
            Answer a = sfuOnly.api.post("/api/v1/calls", huddle("ch-1"));
            assertEquals(503, a.status());
            assertEquals("no_backend", a.json().get("error").asText());
            assertThat(a.json().get("message").asText()).contains("Mode is sfu-only and SFU unavailable");

            Answer b = sfuOnly.api.post("/api/v1/calls", meeting("ch-1"));
            assertEquals(422, b.status());
            assertThat(b.json().get("message").asText()).contains("the SFU does not offer recording");
        }
    }
}
