package io.prochat.rtc.testing.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The harness itself, with no server: the bundle builds from npm, the page loads, and the real RTCPeer's first offer
 * is what rtcd (and the gateway) rely on: only the data channel's {@code m=application}, sent as the webapp's JSON.
 */
class CallsClientPageTest {
    private static CallsBrowser browser;

    @BeforeAll
    static void start() {
        assumeTrue(CallsBrowser.isAvailable(), () -> "missing: " + CallsBrowser.missing());
        browser = CallsBrowser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void firstOfferCarriesOnlyTheDataChannelAsTheWebappsJson() throws Exception {
        CallsClientPage page = browser.newClient("first-offer", ClientOptions.loopback());
        try {
            ClientMessage sdp = page.awaitOutgoing(m -> m.type().equals(ClientMessage.SDP), Duration.ofSeconds(10));
            JsonNode offer = CallsBrowser.JSON.readTree(sdp.data());
            assertThat(offer.path("type").asText()).isEqualTo("offer");
            List<String> mLines = offer.path("sdp").asText().lines().filter(l -> l.startsWith("m=")).toList();
            assertThat(mLines).hasSize(1);
            assertThat(mLines.get(0)).startsWith("m=application ").contains("webrtc-datachannel");

            ClientMessage ice = page.awaitOutgoing(m -> m.type().equals(ClientMessage.ICE), Duration.ofSeconds(10));
            JsonNode candidate = CallsBrowser.JSON.readTree(ice.data());
            assertThat(candidate.path("candidate").asText()).startsWith("candidate:");
            assertThat(candidate.has("sdpMid")).isTrue();
            assertThat(candidate.has("sdpMLineIndex")).isTrue();
            assertThat(candidate.has("usernameFragment")).isTrue();
            assertThat(page.connectionState()).isIn("new", "connecting");
        } finally {
            page.destroy();
        }
    }
}
