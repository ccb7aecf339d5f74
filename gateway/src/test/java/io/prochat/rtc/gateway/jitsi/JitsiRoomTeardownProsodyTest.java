package io.prochat.rtc.gateway.jitsi;

import static io.prochat.rtc.gateway.jitsi.JitsiXmppGatewayTest.awaitJitsi;
import static io.prochat.rtc.gateway.jitsi.JitsiXmppGatewayTest.meeting;
import static io.prochat.rtc.gateway.jitsi.JitsiXmppGatewayTest.roomJid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.prochat.rtc.gateway.MutableClock;
import io.prochat.rtc.gateway.TestGateway;
import io.prochat.rtc.gateway.config.GatewayConfig;
import io.prochat.rtc.gateway.config.RoutingMode;
import io.prochat.rtc.testing.ProsodyServer;
import io.prochat.rtc.testing.TcpRelay;
import io.prochat.rtc.testing.XmppGuest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Jitsi room outlives neither an XMPP outage nor the gateway: against a real Prosody reached through a relay the
 * test cuts, a call ended while Prosody is unreachable keeps its room in the store's outbox, and the room is destroyed
 * (its occupant told) once Prosody is back, by the same gateway or by the next one on the same store.
 */
class JitsiRoomTeardownProsodyTest {
    /** Long enough for the gateway's XMPP back-off (1, 3, 7, 15 s…) to reach a relay restored after a few seconds. */
    private static final Duration RECONNECT = Duration.ofSeconds(40);

    @TempDir
    static Path dir;
    static ProsodyServer prosody;

    @BeforeAll
    static void startProsody() {
        prosody = ProsodyServer.start(dir.resolve("prosody"));
    }

    @AfterAll
    static void stopProsody() {
        if (prosody != null) {
            prosody.stop();
        }
    }

    private static TestGateway gateway(String store, int xmppPort, MutableClock clock) {
        GatewayConfig base = TestGateway.config(dir.resolve(store), RoutingMode.HYBRID, List.of(TestGateway.API_KEY), 65536);
        GatewayConfig c = new GatewayConfig(base.http(), base.rtc(), base.logger(), base.store(), base.gateway(),
                base.jitsi().withXmpp("127.0.0.1", xmppPort, ProsodyServer.DOMAIN, "", prosody.serviceJid(),
                        prosody.servicePassword(), "", "disabled"),
                base.mattermost());
        return TestGateway.start(c, TestGateway.API_KEY, false, clock);
    }

    private static void awaitXmpp(TestGateway gw, boolean connected, Duration wait) throws InterruptedException {
        JsonNode b = awaitJitsi(gw, x -> x.at("/xmpp/connected").asBoolean() == connected, wait);
        assertThat(b.at("/xmpp/connected").asBoolean()).as(b.toString()).isEqualTo(connected);
    }

    private static String metrics(TestGateway gw) {
        return gw.api.get("/metrics").body();
    }

    /** The metrics once they contain {@code line}: the destroy notice can reach the guest before the count moves. */
    private static String awaitMetric(TestGateway gw, String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String m = metrics(gw);
        while (!m.contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            m = metrics(gw);
        }
        return m;
    }

    @Test
    void aRoomWhoseCallEndedWhileProsodyWasUnreachableIsDestroyedOnceItIsBack() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (TcpRelay network = TcpRelay.to(prosody.c2sPort());
             TestGateway gw = gateway("outage", network.port(), clock);
             XmppGuest guest = XmppGuest.anonymous(prosody)) {
            awaitXmpp(gw, true, Duration.ofSeconds(15));
            JsonNode call = gw.api.post("/api/v1/calls", meeting("")).json();
            assertThat(guest.join(roomJid(call), "carol", null)).as("the room was made").isNull();

            network.cut();
            awaitXmpp(gw, false, Duration.ofSeconds(15));
            assertThat(gw.api.delete("/api/v1/calls/" + call.get("id").asText()).status()).isEqualTo(200);
            assertThat(metrics(gw)).contains("prochat_room_teardowns_total{result=\"retried\"} 1.0")
                    .contains("prochat_room_teardowns_pending 1.0");

            clock.advance(Duration.ofHours(1)); // Prosody stays unreachable: the worker keeps trying, with back-off
            gw.tearDownRooms();
            assertThat(metrics(gw)).contains("prochat_room_teardowns_total{result=\"retried\"} 2.0");
            assertThat(guest.destroyed).as("still there while Prosody is unreachable").isNotDone();

            network.restore();
            // the login after the outage runs the worker at once, whatever the back-off says
            assertThat(guest.destroyed.get(RECONNECT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("The meeting has ended");
            // counted after the row is deleted
            assertThat(awaitMetric(gw, "prochat_room_teardowns_total{result=\"destroyed\"} 1.0"))
                    .contains("prochat_room_teardowns_pending 0.0");
        }
    }

    @Test
    void aRoomTheGatewayCouldNotDestroyBeforeItDiedIsDestroyedByTheNextOneOnTheSameStore() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (TcpRelay network = TcpRelay.to(prosody.c2sPort());
             XmppGuest guest = XmppGuest.anonymous(prosody)) {
            try (TestGateway first = gateway("restart", network.port(), clock)) {
                awaitXmpp(first, true, Duration.ofSeconds(15));
                JsonNode call = first.api.post("/api/v1/calls", meeting("")).json();
                assertThat(guest.join(roomJid(call), "carol", null)).isNull();
                network.cut();
                awaitXmpp(first, false, Duration.ofSeconds(15));
                assertThat(first.api.delete("/api/v1/calls/" + call.get("id").asText()).status()).isEqualTo(200);
            } // gone, its room still in Prosody and in the store's outbox
            network.restore();
            assertThat(guest.destroyed).isNotDone();

            try (TestGateway second = gateway("restart", network.port(), clock)) {
                assertThat(guest.destroyed.get(RECONNECT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("The meeting has ended");
                assertThat(awaitMetric(second, "prochat_room_teardowns_total{result=\"destroyed\"} 1.0"))
                        .contains("prochat_room_teardowns_pending 0.0");
            }
        }
    }
}
