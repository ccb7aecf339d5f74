package io.prochat.rtc.gateway.web;

import io.prochat.rtc.gateway.ApiClient;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.testing.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The gateway's own echo page, opened by a real headless Chromium: media goes through the SFU and back. */
class EchoPageChromiumTest {
    @TempDir
    Path dir;

    @Test
    void theEchoPageServedByTheGatewayGetsItsOwnMediaBack() {
        try (TestGateway gw = TestGateway.start(dir); HeadlessChromium chromium = HeadlessChromium.start()) {
            chromium.open("http://127.0.0.1:" + gw.port() + "/echo?loopback=1");
            String title = chromium.awaitTitle(t -> t.startsWith("PASS") || t.startsWith("ERROR") || t.startsWith("FAILED"),
                    Duration.ofSeconds(20));

            assertThat(title).startsWith("PASS");
            String metrics = new ApiClient("http://127.0.0.1:" + gw.port(), null).get("/metrics").body();
            assertThat(counter(metrics, "prochat_sfu_dtls_handshakes_total")).isGreaterThanOrEqualTo(1);
            assertThat(counter(metrics, "prochat_sfu_rtp_packets_total{direction=\"in\"}")).isGreaterThan(10);
            assertThat(counter(metrics, "prochat_sfu_rtp_packets_total{direction=\"out\"}")).isGreaterThan(10);
            assertEquals(1, counter(metrics, "prochat_sfu_transports"));
        }
    }

    @Test
    void malformedOffersAndUnknownSessionsGetJsonErrors() {
        try (TestGateway gw = TestGateway.start(dir)) {
            ApiClient anonymous = new ApiClient("http://127.0.0.1:" + gw.port(), null);
            ApiClient.Answer bad = anonymous.post("/echo/offer", "{\"not\":\"sdp\"}");
            assertEquals(400, bad.status());
            assertEquals("invalid_sdp", bad.json().get("error").asText());
            ApiClient.Answer huge = anonymous.post("/echo/offer", "v=0\r\n" + "a=x\r\n".repeat(20_000));
            assertEquals(413, huge.status());
            ApiClient.Answer unknown = anonymous.post("/echo/candidate?session=nope",
                    "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host");
            assertEquals(404, unknown.status());
            assertEquals(200, anonymous.get("/healthz").status());
        }
    }

    private static double counter(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.E]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
