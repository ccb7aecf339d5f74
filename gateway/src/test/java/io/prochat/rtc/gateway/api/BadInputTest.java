package io.prochat.rtc.gateway.api;

import io.prochat.rtc.gateway.ApiClient.Answer;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.RoutingMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bad input, as a table: each gets the right 4xx with a JSON body, and the server keeps serving. */
class BadInputTest {
    static final int MAX_BODY = 4096;
    static final String ALICE = "\"createdBy\":{\"userId\":\"u1\",\"name\":\"Alice\"}";
    static final String UNKNOWN_ID = "aaaaaaaaaaaaaaaaaaaaaaaaaa";

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start(TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), MAX_BODY),
                TestGateway.API_KEY);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static Stream<Arguments> badCreates() {
        String longTitle = "x".repeat(201);
        return Stream.of(
                // name, content type, body -> status, error code, field
                bad("malformed JSON", "application/json", "{\"kind\":", 400, "malformed_json", null),
                bad("not an object", "application/json", "[1,2]", 400, "malformed_json", null),
                bad("trailing garbage", "application/json", "{" + ALICE + "} {}", 400, "malformed_json", null),
                bad("empty body", "application/json", "", 400, "malformed_json", null),
                bad("JSON null", "application/json", "null", 400, "malformed_json", null),
                bad("unknown kind", "application/json", "{\"kind\":\"webinar\"," + ALICE + "}", 400, "invalid_field", "kind"),
                bad("missing createdBy", "application/json", "{\"kind\":\"huddle\"}", 400, "missing_field", "createdBy"),
                bad("missing createdBy.userId", "application/json", "{\"createdBy\":{\"name\":\"A\"}}", 400, "missing_field", "createdBy.userId"),
                bad("blank createdBy.name", "application/json", "{\"createdBy\":{\"userId\":\"u\",\"name\":\"  \"}}", 400, "missing_field", "createdBy.name"),
                bad("over-long title", "application/json", "{\"title\":\"" + longTitle + "\"," + ALICE + "}", 400, "invalid_field", "title"),
                bad("title of 150 emoji (300 UTF-16 units)", "application/json", "{\"title\":\"" + "😀".repeat(150) + "\"," + ALICE + "}", 400, "invalid_field", "title"),
                bad("name of 100 emoji", "application/json", "{\"createdBy\":{\"userId\":\"u\",\"name\":\"" + "😀".repeat(100) + "\"}}", 400, "invalid_field", "createdBy.name"),
                bad("title with control chars", "application/json", "{\"title\":\"a\\u0000b\"," + ALICE + "}", 400, "invalid_field", "title"),
                bad("title of wrong type", "application/json", "{\"title\":42," + ALICE + "}", 400, "invalid_field", "title"),
                bad("needs of wrong type", "application/json", "{\"needs\":{\"recording\":\"yes\"}," + ALICE + "}", 400, "invalid_field", "needs.recording"),
                bad("expectedParticipants zero", "application/json", "{\"needs\":{\"expectedParticipants\":0}," + ALICE + "}", 400, "invalid_field", "needs.expectedParticipants"),
                bad("unknown field", "application/json", "{\"colour\":\"red\"," + ALICE + "}", 400, "unknown_field", "colour"),
                bad("bad email", "application/json", "{\"createdBy\":{\"userId\":\"u\",\"name\":\"A\",\"email\":\"nope\"}}", 400, "invalid_field", "createdBy.email"),
                bad("javascript avatar", "application/json", "{\"createdBy\":{\"userId\":\"u\",\"name\":\"A\",\"avatarUrl\":\"javascript:alert(1)\"}}", 400, "invalid_field", "createdBy.avatarUrl"),
                bad("wrong content type", "text/plain", "{" + ALICE + "}", 415, "unsupported_media_type", null),
                bad("form content type", "application/x-www-form-urlencoded", "kind=huddle", 415, "unsupported_media_type", null),
                bad("oversized body", "application/json", "{\"title\":\"" + "y".repeat(MAX_BODY) + "\"}", 413, "payload_too_large", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCreates")
    void badCreateIsRefusedAndTheServerKeepsServing(String name, String contentType, String body,
                                                    int status, String code, String field) {
        Answer a = gw.api.send(gw.api.request("/api/v1/calls")
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));

        assertEquals(status, a.status(), a.body());
        assertEquals(code, a.json().get("error").asText());
        assertThat(a.json().get("message").asText()).isNotBlank();
        if (field == null) {
            assertThat(a.json().has("field")).isFalse();
        } else {
            assertEquals(field, a.json().get("field").asText());
        }
        assertThat(a.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        servesTheNextRequest();
    }

    @Test
    void chunkedOversizedBodyIsRefusedWhileReading() {
        byte[] big = ("{\"title\":\"" + "z".repeat(MAX_BODY * 4) + "\"}").getBytes();
        Answer a = gw.api.send(gw.api.request("/api/v1/calls").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
        assertEquals(413, a.status());
        servesTheNextRequest();
    }

    @Test
    void unknownCallIdIs404() {
        for (Answer a : List.of(gw.api.get("/api/v1/calls/" + UNKNOWN_ID), gw.api.delete("/api/v1/calls/" + UNKNOWN_ID),
                gw.api.post("/api/v1/calls/" + UNKNOWN_ID + "/participants", "{\"userId\":\"u\",\"name\":\"U\"}"),
                gw.api.get("/api/v1/calls/..%2F..%2Fetc"), gw.api.get("/api/v1/calls/" + "x".repeat(500)))) {
            assertEquals(404, a.status(), a.body());
            assertEquals("not_found", a.json().get("error").asText());
        }
        servesTheNextRequest();
    }

    @Test
    void badQueryParametersNameTheParameter() {
        Answer state = gw.api.get("/api/v1/calls?state=sleeping");
        assertEquals(400, state.status());
        assertEquals("state", state.json().get("field").asText());
        Answer limit = gw.api.get("/api/v1/calls?limit=100000");
        assertEquals(400, limit.status());
        assertEquals("limit", limit.json().get("field").asText());
    }

    @Test
    void badJoinBodiesAreRefused() {
        String id = gw.api.post("/api/v1/calls", "{\"kind\":\"meeting\"," + ALICE + "}").json().get("id").asText();
        Answer missing = gw.api.post("/api/v1/calls/" + id + "/participants", "{\"name\":\"No Id\"}");
        assertEquals(400, missing.status());
        assertEquals("userId", missing.json().get("field").asText());
        Answer malformed = gw.api.post("/api/v1/calls/" + id + "/participants", "{");
        assertEquals(400, malformed.status());
        assertEquals("malformed_json", malformed.json().get("error").asText());
    }

    @Test
    void unknownEndpointIsJson404AndErrorsAreCounted() {
        Answer a = gw.api.get("/api/v1/nothing-here");
        assertEquals(404, a.status());
        assertEquals("not_found", a.json().get("error").asText());
        gw.api.post("/api/v1/calls", "{");
        assertThat(gw.api.get("/metrics").body())
                .containsPattern("prochat_api_errors_total\\{code=\"malformed_json\",status=\"400\"} [1-9]");
    }

    private static void servesTheNextRequest() {
        Answer ok = gw.api.post("/api/v1/calls", "{\"kind\":\"meeting\"," + ALICE + "}");
        assertEquals(201, ok.status(), ok.body());
    }

    private static Arguments bad(String name, String contentType, String body, int status, String code, String field) {
        return Arguments.of(name, contentType, body, status, code, field);
    }
}
