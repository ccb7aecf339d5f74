package io.prochat.rtc.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Calls, routes and participants survive a restart on the same store file. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void callsAreListedWithTheirRoutesAfterARestart() {
        Map<String, JsonNode> before = new HashMap<>();
        String ended;
        try (TestGateway first = TestGateway.start(dir)) {
            for (String body : new String[] {CallsApiTest.meeting("ch-1"), CallsApiTest.huddle("ch-2")}) {
                JsonNode call = first.api.post("/api/v1/calls", body).json();
                before.put(call.get("id").asText(), call);
            }
            ended = first.api.post("/api/v1/calls", CallsApiTest.huddle("ch-3")).json().get("id").asText();
            first.api.post("/api/v1/calls/" + ended + "/participants", "{\"userId\":\"u-bob\",\"name\":\"Bob\"}");
            assertEquals(200, first.api.delete("/api/v1/calls/" + ended).status());
        }

        try (TestGateway second = TestGateway.start(dir)) {
            JsonNode list = second.api.get("/api/v1/calls").json().get("calls");
            assertThat(list).hasSize(3);
            for (JsonNode call : list) {
                JsonNode old = before.get(call.get("id").asText());
                if (old == null) {
                    continue;
                }
                assertEquals(old.get("kind"), call.get("kind"));
                assertEquals(old.get("backend"), call.get("backend"));
                assertEquals(old.get("route"), call.get("route"));
                assertEquals(old.get("room"), call.get("room"));
                assertEquals(old.get("joinUrl"), call.get("joinUrl"));
                assertEquals(old.get("needs"), call.get("needs"));
                assertEquals(old.get("createdAt"), call.get("createdAt"));
                assertEquals("active", call.get("state").asText());
            }
            JsonNode endedCall = second.api.get("/api/v1/calls/" + ended).json();
            assertEquals("ended", endedCall.get("state").asText());
            assertEquals("Bob", endedCall.at("/participants/0/name").asText());
            assertThat(second.console()).as("configured keys: nothing generated").isEmpty();
        }
    }
}
