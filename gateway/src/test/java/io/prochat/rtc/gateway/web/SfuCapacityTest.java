package io.prochat.rtc.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.gateway.config.RtcConfig;
import io.prochat.rtc.testing.PionClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [RTC] Capacity}: the gateway reports the SFU full once that many participants are in its rooms (real joins,
 * Pion peers through the join page's protocol), routes the next huddle to Jitsi saying why, and takes huddles again
 * when someone leaves.
 */
class SfuCapacityTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int CAPACITY = 2;

    @TempDir
    Path dir;
    private TestGateway gw;
    private PionClient pion;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(PionClient.isAvailable(), "needs golang-go and golang-github-pion-webrtc.v3-dev");
        GatewayConfig c = TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        RtcConfig r = c.rtc();
        RtcConfig small = new RtcConfig(r.iceHostOverride(), r.icePortUdp(), r.icePortTcp(), r.iceServers(),
                r.maxCallParticipants(), r.enableEcho(), r.maxServerParticipants(), r.turn(), CAPACITY);
        gw = TestGateway.start(new GatewayConfig(c.http(), small, c.logger(), c.store(), c.gateway(), c.jitsi(),
                c.mattermost()), TestGateway.API_KEY, true);
        pion = PionClient.start(true);
    }

    @AfterEach
    void stop() {
        if (pion != null) {
            pion.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    private JsonNode huddle() {
        return gw.api.post("/api/v1/calls", "{\"title\":\"cap\",\"kind\":\"huddle\",\"createdBy\":{\"userId\":\"u0\","
                + "\"name\":\"U0\"}}").json();
    }

    private PionHuddleMember join(String call, String user) throws Exception {
        String link = gw.api.post("/api/v1/calls/" + call + "/participants",
                "{\"userId\":\"" + user + "\",\"name\":\"" + user + "\"}").json().get("joinUrl").asText();
        PionHuddleMember m = new PionHuddleMember(pion, user, link, TIMEOUT);
        m.sessionId.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return m;
    }

    private JsonNode sfu() {
        return gw.api.get("/api/v1/backends").json().at("/backends/0");
    }

    @Test
    void theSfuIsFullAtItsConfiguredCapacityAndHuddlesFallBackToJitsi() throws Exception {
        JsonNode first = huddle();
        assertThat(first.get("backend").asText()).isEqualTo("sfu");
        String call = first.get("id").asText();
        assertThat(sfu().get("capacity").asInt()).isEqualTo(CAPACITY);

        PionHuddleMember a = join(call, "a");
        assertThat(sfu().get("status").asText()).isEqualTo("up");
        assertThat(huddle().get("backend").asText()).as("one participant of " + CAPACITY).isEqualTo("sfu");

        PionHuddleMember b = join(call, "b");
        assertThat(sfu().get("status").asText()).isEqualTo("full");
        assertThat(sfu().get("detail").asText()).endsWith("2 participants of " + CAPACITY);
        JsonNode fallback = huddle();
        assertThat(fallback.get("backend").asText()).isEqualTo("jitsi");
        assertThat(fallback.at("/route/fallback").asBoolean()).isTrue();
        assertThat(fallback.at("/route/reason").asText()).contains("falls back to Jitsi");

        b.leave();
        b.closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long end = System.nanoTime() + TIMEOUT.toNanos();
        while (!sfu().get("status").asText().equals("up") && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(sfu().get("status").asText()).isEqualTo("up");
        assertThat(huddle().get("backend").asText()).isEqualTo("sfu");
        a.close();
        b.close();
    }
}
