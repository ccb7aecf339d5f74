package io.prochat.rtc.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.RtcConfig;
import io.prochat.rtc.gateway.config.RoutingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, item 9: [RTC] EnableEcho = false takes the echo test off the server. */
class EchoSwitchTest {
    @TempDir
    Path dir;

    @Test
    void echoCanBeTurnedOff() {
        GatewayConfig c = TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        RtcConfig r = c.rtc();
        GatewayConfig off = new GatewayConfig(c.http(), new RtcConfig(r.iceHostOverride(), r.icePortUdp(),
                r.icePortTcp(), r.iceServers(), r.maxCallParticipants(), false), c.logger(), c.store(), c.gateway(),
                c.jitsi(), c.mattermost());
        try (TestGateway gw = TestGateway.start(off, TestGateway.API_KEY)) {
            assertThat(gw.api.get("/echo").status()).isEqualTo(404);
            assertThat(gw.api.post("/echo/offer", "v=0").status()).isEqualTo(404);
        }
        assertThat(RtcConfig.defaults().enableEcho()).as("on by default").isTrue();
    }
}
