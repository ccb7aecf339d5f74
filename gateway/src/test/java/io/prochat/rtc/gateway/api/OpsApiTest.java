package io.prochat.rtc.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.ApiClient.Answer;
import io.prochat.rtc.gateway.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** /version, /stats, /metrics and /healthz: open to operators' curl, no key needed. */
class OpsApiTest {
    @TempDir
    Path dir;

    @Test
    void operationsEndpointsAnswerWithoutAKey() {
        try (TestGateway gw = TestGateway.start(dir)) {
            ApiClient anonymous = new ApiClient("http://127.0.0.1:" + gw.port(), null);

            JsonNode version = anonymous.get("/version").json();
            assertThat(version.get("buildVersion").asText()).matches("v\\d+\\.\\d+\\.\\d+.*");
            assertThat(version.has("buildDate")).isTrue();
            assertThat(version.has("buildHash")).isTrue();

            assertEquals("ok", anonymous.get("/healthz").json().get("status").asText());

            String id = gw.api.post("/api/v1/calls", CallsApiTest.meeting("ch-1")).json().get("id").asText();
            gw.api.post("/api/v1/calls/" + id + "/participants", "{\"userId\":\"u1\",\"name\":\"One\"}");
            gw.api.post("/api/v1/calls/" + id + "/participants", "{\"userId\":\"u2\",\"name\":\"Two\"}");
            JsonNode stats = anonymous.get("/stats").json();
            assertEquals(2, stats.get("sessions").asInt());
            assertEquals(2, stats.get("users").asInt());
            assertEquals(1, stats.get("calls").asInt());
            assertThat(stats.get("uptime").isIntegralNumber()).isTrue();

            Answer metrics = anonymous.get("/metrics");
            assertEquals(200, metrics.status());
            assertThat(metrics.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("prochat_calls_started_total{backend=\"jitsi\",fallback=\"false\",kind=\"meeting\"} 1.0")
                    .contains("prochat_calls_active 1.0")
                    .contains("prochat_joins_issued_total{backend=\"jitsi\"} 2.0")
                    .contains("jvm_memory_used_bytes");
        }
    }
}
