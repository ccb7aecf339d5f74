package io.prochat.rtc.gateway.rtcd;

import static io.prochat.rtc.gateway.rtcd.RtcdHttp.KEY;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.basic;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.client;
import static io.prochat.rtc.gateway.rtcd.RtcdHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Close;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Hello;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Join;
import io.prochat.rtc.gateway.rtcd.RtcdMessages.Rtc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a graceful drain in {@code --role all} (one process: gateway, SFU and rtcd API): the Calls sessions
 * still here are closed, and the plugin is told on its socket with rtcd's {@code close} for each, so its clients
 * reconnect elsewhere instead of waiting for media that will not come. The real session layer, a real plugin socket.
 */
class DrainClosesCallsSessionsTest {
    @TempDir
    Path dir;

    @Test
    void theEndOfADrainClosesEveryCallsSessionAndTellsThePlugin() throws Exception {
        GatewayConfig c = TestGateway.config(dir, RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        GatewayConfig config = new GatewayConfig(c.http().withRtcdSecurity(true, false, "", 1440), c.rtc(),
                c.logger(), c.store(), c.gateway().withDrainTimeoutSeconds(1), c.jitsi(), c.mattermost());
        try (TestGateway gw = TestGateway.start(config, TestGateway.API_KEY, true)) { // with the SFU, as `serve` runs
            assertThat(post(gw, "/register", client("c1", KEY), null).status()).isEqualTo(201);
            PluginSocket plugin = PluginSocket.connect(gw.port(), basic("c1", KEY));
            assertThat(plugin.next()).isInstanceOf(Hello.class);
            plugin.send(new Join("call1", "u1", "s1", "ch1", false, false));
            plugin.send(new Join("call1", "u2", "s2", "ch1", false, false));
            assertThat(plugin.poll(300)).as("joins wait for their offers; nothing is closed yet").isNull();

            gw.gateway().drain(); // returns once the rooms confirmed the closes

            // well before the sessions' own 10 s first-offer deadline would close them
            assertThat(java.util.Arrays.asList(plugin.poll(3000), plugin.poll(3000)))
                    .containsExactlyInAnyOrder(new Close("s1"), new Close("s2"));
            // gone from the session layer: a late ICE candidate for s1 is a message for an unknown session
            assertThat(unknownSessions(gw)).isZero();
            plugin.send(new Rtc("", "", "s1", "", RtcdMessages.ICE, "{}".getBytes(StandardCharsets.UTF_8)));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (unknownSessions(gw) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(unknownSessions(gw)).isEqualTo(1);
            plugin.close();
        }
    }

    private static double unknownSessions(TestGateway gw) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(?m)^prochat_calls_messages_refused_total\\{[^}]*reason=\"unknown_session\"[^}]*}\\s+([0-9.]+)")
                .matcher(RtcdHttp.anonymous(gw).get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
